import {
  comparePositions,
  endOfDayInstant,
  periodEnd,
  periodWindow,
  previousPeriod,
  streamIds,
  type LedgerEvent,
  type StoredEvent,
  type TimeWindow,
} from '../src/events/index.js';
import type { EventStore } from '../src/store/port.js';
import { ledgerDigest, type Head } from '../src/store/verify.js';
import { accountability, type AccountabilityState } from './accountability.js';
import type { AuditState } from './audit-records.js';
import { auditTrail } from './audit-trail.js';
import { cityOverview, type OverviewState } from './city-overview.js';
import { progress, type ProgressState } from './progress.js';
import type { Checkpoints } from './checkpoints.js';
import { reportFacts, type FactsState } from './report-facts.js';
import { cutPosition, replayLedgerFrom } from './replay.js';
import { standingOf, type Standing } from './report-standing.js';

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
  /** The last day of the previous quarter, and where things stood then (taken when the fold passes it). */
  previousEnd: string;
  previous: Standing | null;
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
    previousEnd: periodEnd(previousPeriod(period)),
    previous: null,
    size: 0,
    position: '0',
  };
}

/** Fold one page (ledger order, continuing the fold's events). Mutates `s`. */
export function foldReportPage(s: ReportFold, page: readonly StoredEvent[]): void {
  const to = s.window.to;
  for (const stored of page) {
    s.heads.set(stored.streamId, { revision: stored.revision, hash: stored.hash });
    if (s.previous === null && stored.recordedAt.slice(0, 10) > s.previousEnd) s.previous = previousStanding(s);
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

/**
 * Where things stood at the end of the previous quarter: the copy taken when the fold passed it, or, when no event
 * of the fold was recorded after it, the fold's own state read at that day.
 */
export const previousStanding = (s: ReportFold): Standing =>
  s.previous ?? standingOf(s.progress, s.accountability, s.previousEnd);

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

/** What a running server holds: its runtime's checkpoints and every stream's head, at `position`. */
export interface LiveLedger {
  checkpoints: Checkpoints;
  position: string;
  heads: ReadonlyMap<string, Head>;
}

/** The journey events report-facts keeps anything of. */
const FACT_TYPES: ReadonlySet<string> = new Set(['ChangeReported', 'LessonHarvested', 'PerspectiveVoiced']);

/**
 * A report's fold from a running server, without reading the ledger: the four states as they stood at the period's
 * end come from the nearest checkpoint before it and at most one interval of events (replay.ts replayLedgerFrom);
 * the window facts from the journeys' own streams read up to that position (changes, lessons and perspectives are
 * events of their journey's stream); the digest from the live stream heads. The same fold as
 * foldReport(store, period, live.position): the same reducers over the same events.
 */
export async function liveReportFold(live: LiveLedger, period: string): Promise<ReportFold> {
  const s = emptyReportFold(period);
  const store = live.checkpoints.store;
  // The cut is every event the server holds: its tree size, which names the same events in every store.
  const ordinal = live.position === '0' ? -1 : await store.tree.leafIndexOf(live.position);
  if (ordinal === null) throw new Error(`the live position ${live.position} holds no event of the ledger`);
  s.size = ordinal + 1;
  s.position = live.position;
  const byEnd = await cutPosition(store, { asOf: s.window.to });
  // A ledger out of recording order has no prefix to start from: the cold fold then.
  if (byEnd === null) return foldReport(store, period, s.size);
  const cut = comparePositions(byEnd, live.position) < 0 ? byEnd : live.position;
  const { states } = await replayLedgerFrom(live.checkpoints, cut, live);
  s.progress = states.progress;
  s.audit = states.audit;
  s.accountability = states.accountability;
  s.overview = states.overview;
  // Where things stood at the previous quarter's end: the same replay, cut at the last event recorded by that day.
  const byPrevious = await cutPosition(store, { asOf: endOfDayInstant(s.previousEnd) });
  if (byPrevious !== null && comparePositions(byPrevious, cut) < 0) {
    const before = (await replayLedgerFrom(live.checkpoints, byPrevious, live)).states;
    s.previous = standingOf(before.progress, before.accountability, s.previousEnd);
  }
  // Entries before the window only leave what a change said (report-facts.ts `before`; instants compare as text, as
  // the window's do).
  for (const journeyId of s.overview.journeys.keys())
    for await (const x of store.readStream(streamIds.journey(journeyId), { to: cut })) {
      if (!FACT_TYPES.has(x.type)) continue;
      const e = x as LedgerEvent;
      if (x.recordedAt < s.window.from) reportFacts.before(s.facts, e);
      else reportFacts.evolve(s.facts, e);
    }
  for (const [streamId, h] of live.heads) s.heads.set(streamId, { revision: h.revision, hash: h.hash });
  return s;
}
