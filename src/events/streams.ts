/**
 * Stream names: journey-{journeyId}, indicator-{indicatorId}, report-{period}, access, and ledger (the ledger's own
 * signed tree heads). Every stream id is built and read here, nowhere else.
 */
export type StreamKind = 'journey' | 'indicator' | 'report' | 'access' | 'ledger';

export const streamIds = {
  journey: (journeyId: string) => `journey-${journeyId}`,
  indicator: (indicatorId: string) => `indicator-${indicatorId}`,
  report: (period: string) => `report-${period}`,
  access: 'access',
  ledger: 'ledger',
} as const;

export interface ParsedStreamId {
  kind: StreamKind;
  /** The journeyId, indicatorId or period the stream is named by; '' for the access and ledger streams. */
  key: string;
}

const PREFIXES: readonly StreamKind[] = ['journey', 'indicator', 'report'];

export function parseStreamId(streamId: string): ParsedStreamId | null {
  if (streamId === streamIds.access) return { kind: 'access', key: '' };
  if (streamId === streamIds.ledger) return { kind: 'ledger', key: '' };
  const dash = streamId.indexOf('-');
  if (dash < 0) return null;
  const prefix = streamId.slice(0, dash) as StreamKind;
  return PREFIXES.includes(prefix) ? { kind: prefix, key: streamId.slice(dash + 1) } : null;
}

/** The key of a stream of a kind, or null when the stream is of another kind (a fast test for projections). */
export function keyIn(kind: 'journey' | 'indicator' | 'report', streamId: string): string | null {
  return streamId.length > kind.length && streamId.startsWith(kind) && streamId.charCodeAt(kind.length) === 45
    ? streamId.slice(kind.length + 1)
    : null;
}
