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
import { headsAt, nearestCheckpoint, stateAt, type Checkpoints } from './checkpoints.js';
import type { CheckpointSummary } from '../src/store/checkpoint-archive.js';
import { challengeInWindow, reportFacts, type FactsState } from './report-facts.js';
import { cutPosition } from './replay.js';
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
  for (const stored of page) {
    // Every stream's head, the digest's input: one record per stream, brought up to date (not one per event).
    const head = s.heads.get(stored.streamId);
    if (head === undefined) s.heads.set(stored.streamId, { revision: stored.revision, hash: stored.hash });
    else {
      head.revision = stored.revision;
      head.hash = stored.hash;
    }
    s.size += 1;
    s.position = stored.position;
    foldReportEvent(s, stored);
  }
}

/**
 * One event into the fold's states: the previous quarter's standing is copied when the fold first passes its end,
 * and events recorded after the period are left out. Mutates `s`.
 */
function foldReportEvent(s: ReportFold, stored: StoredEvent): void {
  if (s.previous === null && stored.recordedAt.slice(0, 10) > s.previousEnd) s.previous = previousStanding(s);
  if (stored.recordedAt > s.window.to) return;
  const e = stored as LedgerEvent;
  progress.evolve(s.progress, e);
  auditTrail.evolve(s.audit, e);
  accountability.evolve(s.accountability, e);
  cityOverview.evolve(s.overview, e);
  reportFacts.evolve(s.facts, e);
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
  // The one pass over the whole ledger: the store may read ahead on another thread while this one folds.
  for await (const page of store.readPages({ pageSize: 1_000, ahead: true })) {
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

const earlier = (a: string, b: string): string => (comparePositions(a, b) <= 0 ? a : b);

/**
 * A report's fold from a running server, without a ledger scan: the four states start from the nearest checkpoint
 * at or before the previous quarter's end and fold on, in one read, to the period's end (passing the previous
 * quarter's end on the way, where the standing "what moved" compares with is taken, as the cold fold does). That
 * read is at most one checkpoint interval plus the period's own events, whose facts it collects; the digest comes
 * from the live stream heads. The same fold as foldReport(store, period, live.position): the same reducers over the
 * same events (docs/decisions.md, "Warm reports").
 */
export async function liveReportFold(live: LiveLedger, period: string): Promise<ReportFold> {
  const s = emptyReportFold(period);
  const cp = live.checkpoints;
  const store = cp.store;
  // The cut is every event the server holds: its tree size, which names the same events in every store.
  const ordinal = live.position === '0' ? -1 : await store.tree.leafIndexOf(live.position);
  if (ordinal === null) throw new Error(`the live position ${live.position} holds no event of the ledger`);
  const byEnd = await cutPosition(store, { asOf: s.window.to });
  const byPrevious = await cutPosition(store, { asOf: endOfDayInstant(s.previousEnd) });
  // A ledger out of recording order has no prefix to start from: the cold fold then.
  if (byEnd === null || byPrevious === null) return foldReport(store, period, ordinal + 1);
  const cut = earlier(byEnd, live.position);
  const from = await nearestCheckpoint(cp, earlier(byPrevious, cut));
  s.progress = stateAt(cp, from, 'progress');
  s.audit = stateAt(cp, from, 'audit');
  s.accountability = stateAt(cp, from, 'accountability');
  s.overview = stateAt(cp, from, 'overview');
  const start = from?.position ?? '0';
  for await (const page of store.readPages({ after: start, to: cut, pageSize: 5_000 }))
    for (const e of page) foldReportEvent(s, e);
  if (from !== null) await readChallengedChanges(s, cp, from);
  s.size = ordinal + 1;
  s.position = live.position;
  for (const [streamId, h] of live.heads) s.heads.set(streamId, { revision: h.revision, hash: h.hash });
  return s;
}

/**
 * What the changes said that the period's challenges quote, when they were reported before the checkpoint the warm
 * fold started from: read from their journey's stream backwards from its head at the checkpoint, in chunks that
 * double, until every one is found. A challenge mostly follows its change within weeks, so this reads little.
 */
async function readChallengedChanges(s: ReportFold, cp: Checkpoints, from: CheckpointSummary): Promise<void> {
  let heads: ReadonlyMap<string, Head> | null = null;
  for (const [journeyId, audit] of s.audit.journeys) {
    const known = reportFacts.query.journey(s.facts, journeyId).changeText;
    const wanted = new Set<string>();
    for (const c of audit.challenges.values())
      if (challengeInWindow(c, s.window) && !known.has(c.changeId)) wanted.add(c.changeId);
    if (wanted.size === 0) continue;
    heads ??= headsAt(cp, from);
    const streamId = streamIds.journey(journeyId);
    const head = heads.get(streamId);
    if (head === undefined) continue;
    await backwards(cp.store, streamId, head.revision, from.position, (e) => {
      if (e.type !== 'ChangeReported' || !wanted.has(e.data.changeId)) return false;
      reportFacts.before(s.facts, e);
      wanted.delete(e.data.changeId);
      return wanted.size === 0;
    });
  }
}

/** A stream's events from revision `last` down, until `visit` says stop; each chunk twice the one before. */
async function backwards(
  store: EventStore,
  streamId: string,
  last: number,
  to: string,
  visit: (e: LedgerEvent) => boolean,
): Promise<void> {
  let end = last + 1;
  let bound = to;
  for (let size = 64; end > 0; size *= 2) {
    const first = Math.max(0, end - size);
    const chunk: LedgerEvent[] = [];
    for await (const e of store.readStream(streamId, { fromRevision: first, to: bound })) {
      if (e.revision >= end) break;
      chunk.push(e as LedgerEvent);
    }
    for (let i = chunk.length - 1; i >= 0; i--) if (visit(chunk[i] as LedgerEvent)) return;
    if (chunk.length === 0) return;
    bound = (chunk[0] as LedgerEvent).position;
    end = first;
  }
}
