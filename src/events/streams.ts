import type { StreamKind } from './catalogue.js';

/** Stream names of DESIGN §2: journey-{id}, indicator-{id}, report-{period}, access. */
export const streamIds = {
  journey: (journeyId: string) => `journey-${journeyId}`,
  indicator: (indicatorId: string) => `indicator-${indicatorId}`,
  report: (period: string) => `report-${period}`,
  access: 'access',
} as const;

export interface ParsedStreamId {
  kind: StreamKind;
  key: string;
}

export function parseStreamId(streamId: string): ParsedStreamId | null {
  if (streamId === 'access') return { kind: 'access', key: '' };
  const dash = streamId.indexOf('-');
  if (dash < 0) return null;
  const prefix = streamId.slice(0, dash);
  const key = streamId.slice(dash + 1);
  if (prefix === 'journey' || prefix === 'indicator' || prefix === 'report') return { kind: prefix, key };
  return null;
}
