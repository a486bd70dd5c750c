/**
 * Ledger positions are decimal strings (EventStoreDB commit positions exceed 2^53, so never numbers). Stores
 * write them canonically, without leading zeros, so ordering by length and then by text is ordering as BigInt
 * (a property test holds the two to agreement) without parsing one. This is the one comparison of positions.
 */
export const comparePositions = (a: string, b: string): number =>
  a.length !== b.length ? (a.length < b.length ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;

/** Sorts anything that carries a position, in ledger order. */
export const byPosition = (a: { position: string }, b: { position: string }): number =>
  comparePositions(a.position, b.position);

/** A position as a client may write one (a query's `at`): a whole number without leading zeros. */
export const isPosition = (s: string): boolean => /^(0|[1-9]\d{0,29})$/.test(s);
