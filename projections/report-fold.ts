import { periodWindow, type LedgerEvent, type StoredEvent, type TimeWindow } from '../src/events/index.js';
import type { EventStore } from '../src/store/port.js';
import { ledgerDigest, type Head } from '../src/store/verify.js';
import { accountability, type AccountabilityState } from './accountability.js';
import type { AuditState } from './audit-records.js';
import { auditTrail } from './audit-trail.js';
import { cityOverview, type OverviewState } from './city-overview.js';
import { progress, type ProgressState } from './progress.js';
import { reportFacts, type FactsState } from './report-facts.js';

/**
 * The quarterly report's fold: the registry's reducers a report reads (progress, audit trail, accountability, city
 * overview) and its own window facts, over the ledger as it stood at the end of the period — events recorded by
 * the period's last moment — and no further than the first N events in ledger order the report is made from (its
 * tree size: a cut that names the same events in every store, docs/decisions.md "Reports survive a migration").
 * Every event counts for the ledger digest; only the events of the window count for the story.
 */
export interface ReportFold {
  window: TimeWindow;
  progress: ProgressState;
  audit: AuditState;
  accountability: AccountabilityState;
  overview: OverviewState;
  facts: FactsState;
  heads: Map<string, Head>;
  /** How many events were folded (the tree size of the cut), and the position of the last of them in this store. */
  size: number;
  position: string;
}

export function emptyReportFold(period: string): ReportFold {
  const window = periodWindow(period);
  return {
    window,
    progress: progress.initialState(),
    audit: auditTrail.initialState(),
    accountability: accountability.initialState(),
    overview: cityOverview.initialState(),
    facts: reportFacts.initialState(window),
    heads: new Map(),
    size: 0,
    position: '0',
  };
}

/** Fold one page (ledger order, continuing the fold's events). Mutates `s`. */
export function foldReportPage(s: ReportFold, page: readonly StoredEvent[]): void {
  const to = s.window.to;
  for (const stored of page) {
    s.heads.set(stored.streamId, { revision: stored.revision, hash: stored.hash });
    s.size += 1;
    s.position = stored.position;
    if (stored.recordedAt > to) continue;
    const e = stored as LedgerEvent;
    progress.evolve(s.progress, e);
    auditTrail.evolve(s.audit, e);
    accountability.evolve(s.accountability, e);
    cityOverview.evolve(s.overview, e);
    reportFacts.evolve(s.facts, e);
  }
}

/** The ledger digest of everything folded (the heads of every stream, cut or not). */
export const foldDigest = (s: ReportFold): string => ledgerDigest(s.heads);

/**
 * A cold fold of a period over the first `treeSize` events (every event when omitted): pages are read and folded
 * until that many were. A ledger shorter than the cut leaves the fold short, which the caller sees in `size`.
 */
export async function foldReport(store: EventStore, period: string, treeSize?: number): Promise<ReportFold> {
  const s = emptyReportFold(period);
  for await (const page of store.readPages({ pageSize: 5_000 })) {
    const within = treeSize === undefined ? page : page.slice(0, Math.max(0, treeSize - s.size));
    foldReportPage(s, within);
    if (within.length < page.length) break;
  }
  return s;
}

/**
 * A warm fold of one period, for a long-running server: the ledger is read once, then only what was appended
 * since, so the quarterly report of a million-event ledger is a query over folded state, not a re-read. The fold of
 * N events is exactly foldReport(store, period, N): the same reducers, fed in pages.
 */
export function warmReportFold(store: EventStore, period: string) {
  const state = emptyReportFold(period);
  let catching: Promise<void> | null = null;
  const catchUp = (): Promise<void> => {
    catching ??= (async () => {
      for await (const page of store.readPages({ after: state.position, pageSize: 5_000 })) foldReportPage(state, page);
    })().finally(() => {
      catching = null;
    });
    return catching;
  };
  return { period, state, catchUp };
}
