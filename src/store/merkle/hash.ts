import { hash } from 'node:crypto';

/**
 * RFC 9162 §2.1.1 hashing over the ledger's events (docs/decisions.md, "Witnessed ledger"). Hashes are lowercase
 * hex strings, as event hashes are: Node's one-shot `hash` is several times faster with hex output than with a
 * Buffer, and proofs carry hex. Inputs are written into one reused buffer: this runs for every appended event.
 */

/** How a leaf is made from an event, stated in every inclusion proof so a verifier needs nothing else. */
export const LEAF_HASHING = "SHA-256(0x00 || the 32 bytes of the event's hash); nodes SHA-256(0x01 || left || right)";

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const HEX_HASH = /^[0-9a-f]{64}$/;
export const isHexHash = (s: unknown): s is string => typeof s === 'string' && HEX_HASH.test(s);

const leafInput = Buffer.alloc(33);
const nodeInput = Buffer.alloc(65);
nodeInput[0] = 0x01;

/**
 * The leaf of an event: SHA-256(0x00 ‖ the 32 bytes its 64 hex digits stand for). Decoding stops at the first
 * character that is not a hex digit, so the byte count checks the text: on every append, a regular expression
 * would cost more than the hashing.
 */
export function eventLeafHash(eventHash: string): string {
  if (typeof eventHash !== 'string' || eventHash.length !== 64 || leafInput.write(eventHash, 1, 'hex') !== 32)
    throw new TypeError(`an event hash is 64 hex digits, not ${String(eventHash)}`);
  return hash('sha256', leafInput, 'hex');
}

/** A leaf over arbitrary bytes (RFC 9162's general form; the ledger's leaves are eventLeafHash). */
export const leafHash = (data: Uint8Array): string => hash('sha256', Buffer.concat([Buffer.of(0x00), data]), 'hex');

/** An interior node: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: string, right: string): string {
  nodeInput.write(left, 1, 'hex');
  nodeInput.write(right, 33, 'hex');
  return hash('sha256', nodeInput, 'hex');
}

/** MTH(D[n]) of RFC 9162 §2.1.1, straight from its definition: the reference the incremental forms are tested against. */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return EMPTY_ROOT;
  return rangeRoot(leaves, 0, leaves.length);
}

function rangeRoot(leaves: readonly string[], begin: number, end: number): string {
  if (end - begin === 1) return leaves[begin] as string;
  const k = largestPowerOfTwoBelow(end - begin);
  return nodeHash(rangeRoot(leaves, begin, begin + k), rangeRoot(leaves, begin + k, end));
}

/** The largest power of two strictly smaller than n (n ≥ 2): RFC 9162's k. Arithmetic, not bit operators: sizes may pass 2^32. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
