import type { LedgerEvent, StoredEvent } from '../src/events/index.js';
import { accountability, type AccountabilityState } from './accountability.js';
import type { AuditState } from './audit-records.js';
import { auditTrail } from './audit-trail.js';
import { cityNames, type CityNamesState } from './city-names.js';
import { cityOverview, type OverviewState } from './city-overview.js';
import { progress, type ProgressState } from './progress.js';
import { publishedReports, type PublishedReportsState } from './published-reports.js';

/**
 * The registry: every read model the runtime keeps, folded together. The same fold serves the live runtime
 * (runtime.ts), the on-demand replay of a cut (replay.ts) and `journey rebuild`: one set of reducers, so a replay
 * can only ever disagree with the live state about what the cut left out. The quarterly report folds some of the
 * same reducers, with its own window (report-fold.ts). A new read model is a reducer here.
 */
export interface LedgerProjections {
  progress: ProgressState;
  audit: AuditState;
  accountability: AccountabilityState;
  overview: OverviewState;
  reports: PublishedReportsState;
  names: CityNamesState;
}
export type ProjectionKey = keyof LedgerProjections;

/** Their names, for reports and logs. */
export const PROJECTION_NAMES: Record<ProjectionKey, string> = {
  progress: progress.name,
  audit: auditTrail.name,
  accountability: accountability.name,
  overview: cityOverview.name,
  reports: publishedReports.name,
  names: cityNames.name,
};

type Evolvers = { [K in ProjectionKey]: (state: LedgerProjections[K], e: LedgerEvent) => LedgerProjections[K] };
const evolvers: Evolvers = {
  progress: progress.evolve,
  audit: auditTrail.evolve,
  accountability: accountability.evolve,
  overview: cityOverview.evolve,
  reports: publishedReports.evolve,
  names: cityNames.evolve,
};
export const PROJECTION_KEYS = Object.keys(evolvers) as ProjectionKey[];

export const initialStates = (): LedgerProjections => ({
  progress: progress.initialState(),
  audit: auditTrail.initialState(),
  accountability: accountability.initialState(),
  overview: cityOverview.initialState(),
  reports: publishedReports.initialState(),
  names: cityNames.initialState(),
});

/** A projection whose evolve threw on an event: reported, skipped for that event; the others carry on. */
export interface ProjectionFailure {
  projection: string;
  position: string;
  eventId: string;
  streamId: string;
  type: string;
  message: string;
}
export type FailureHandler = (failure: ProjectionFailure) => void;

/** Milliseconds each projection spent folding, so a slow one shows up by name. */
export type FoldTimings = Record<ProjectionKey, number>;
export const zeroTimings = (): FoldTimings => ({
  progress: 0,
  audit: 0,
  accountability: 0,
  overview: 0,
  reports: 0,
  names: 0,
});

function foldOne<K extends ProjectionKey>(
  key: K,
  states: LedgerProjections,
  events: readonly StoredEvent[],
  onError: FailureHandler,
): void {
  states[key] = foldProjection(key, states[key], events, onError);
}

/** Folds events (in position order) into one projection's state. */
export function foldProjection<K extends ProjectionKey>(
  key: K,
  initial: LedgerProjections[K],
  events: readonly StoredEvent[],
  onError: FailureHandler = rethrow,
): LedgerProjections[K] {
  const evolve = evolvers[key];
  let state = initial;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as LedgerEvent;
    try {
      state = evolve(state, e);
    } catch (err) {
      onError({
        projection: PROJECTION_NAMES[key],
        position: e.position,
        eventId: e.id,
        streamId: e.streamId,
        type: e.type,
        message: err instanceof Error ? err.message : String(err),
      });
    }
  }
  return state;
}

/**
 * Folds a page of events (in position order) into every projection, projection by projection (the projections
 * are independent, so the order between them does not matter, and a tight loop per reducer is fast).
 * Mutates `states`. A projection that throws is reported through onError with the event's position.
 */
export function foldPage(
  states: LedgerProjections,
  events: readonly StoredEvent[],
  onError: FailureHandler = rethrow,
  timings?: FoldTimings,
  keys: readonly ProjectionKey[] = PROJECTION_KEYS,
): LedgerProjections {
  for (const key of keys) {
    const started = timings ? performance.now() : 0;
    foldOne(key, states, events, onError);
    if (timings) timings[key] += performance.now() - started;
  }
  return states;
}

/** Folds events into fresh states: for tests and small replays. */
export const foldAll = (events: readonly StoredEvent[], onError?: FailureHandler): LedgerProjections =>
  foldPage(initialStates(), events, onError);

const rethrow: FailureHandler = (f) => {
  throw new Error(`projection ${f.projection} failed at position ${f.position} (${f.type} ${f.eventId}): ${f.message}`);
};
