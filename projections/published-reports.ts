import { keyIn, type EventData, type LedgerEvent } from '../src/events/index.js';

/**
 * published-reports: every report published, by period. A period is published once (its stream is written with
 * expectedRevision 'no_stream'), so the first ReportPublished of report-{period} is the report; a later one (only
 * an admin restore could bring one) is ignored, the same rule publishing itself reads by (src/reports/publish.ts).
 *
 * evolve MUTATES the state it is given (see progress.ts).
 */
export interface PublishedReport extends EventData<'ReportPublished'> {
  publishedAt: string;
}
export interface PublishedReportsState {
  byPeriod: Map<string, PublishedReport>;
}

function evolve(state: PublishedReportsState, e: LedgerEvent): PublishedReportsState {
  if (e.type !== 'ReportPublished' || keyIn('report', e.streamId) === null) return state;
  if (!state.byPeriod.has(e.data.period)) state.byPeriod.set(e.data.period, { ...e.data, publishedAt: e.recordedAt });
  return state;
}

export const publishedReports = {
  name: 'published-reports' as const,
  initialState: (): PublishedReportsState => ({ byPeriod: new Map() }),
  evolve,
  query: {
    /** Newest period first. */
    all: (state: PublishedReportsState): PublishedReport[] =>
      [...state.byPeriod.values()].sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0)),
    one: (state: PublishedReportsState, period: string): PublishedReport | null => state.byPeriod.get(period) ?? null,
  },
};
