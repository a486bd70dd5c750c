import { concatMap, defer, from, type Subscription } from 'rxjs';
import { comparePositions, type StoredEvent } from '../src/events/index.js';
import type { EventStore } from '../src/store/port.js';
import {
  foldPage,
  initialStates,
  PROJECTION_KEYS,
  PROJECTION_NAMES,
  zeroTimings,
  type FailureHandler,
  type FoldTimings,
  type LedgerProjections,
  type ProjectionFailure,
} from './index.js';
import { linkedIndicators } from './links.js';

/**
 * The RxJS runtime: catch-up in pages from a checkpoint, then `live$`; one pass feeds every
 * projection. live$ is subscribed to before catch-up starts and buffered, so nothing appended during catch-up is
 * lost; events at or before the folded position are skipped, so nothing is folded twice. Events are folded
 * synchronously as live$ emits them: after `await store.tail()` the states include every committed event.
 *
 * A projection whose evolve throws is reported (onError, and failures()) with the event's position; it skips
 * that event and the other projections carry on. A slow one shows by name in timings() and through onSlow. A failing store read rejects `ready` (and is reported).
 */
export interface RuntimeOptions {
  onError?: (failure: ProjectionFailure) => void;
  /** Resume from a checkpoint: states folded up to `position` (exclusive of later events). */
  checkpoint?: { position: string; states: LedgerProjections };
  pageSize?: number;
  /** Called after each catch-up page, with the position reached (for progress bars). */
  onPage?: (position: string, events: number) => void;
  /** A projection that spends more than `slowPageMs` (default 2,000 ms) on one page is reported here, by name. */
  onSlow?: (slow: SlowFold) => void;
  slowPageMs?: number;
}

export interface SlowFold {
  projection: string;
  ms: number;
  events: number;
  position: string;
}

export interface ProjectionRuntime {
  /** Resolves when catch-up is done (live events are folded as they come from then on). */
  readonly ready: Promise<void>;
  /** The live states. Read-only for callers, and only until the next await (they keep moving). */
  snapshot(): LedgerProjections;
  /** Position of the last event folded ('0' before any). */
  position(): string;
  /** Events folded since start. */
  folded(): number;
  failures(): readonly ProjectionFailure[];
  /** Milliseconds spent in each projection: a slow projection shows by name. */
  timings(): Readonly<FoldTimings>;
  /** Indicators a journey tracks now (a superset of what it tracked at any earlier cut): for replays. */
  indicatorsOf(journeyId: string): string[];
  stop(): void;
}

const MAX_FAILURES_KEPT = 1000;

export function startProjections(store: EventStore, options: RuntimeOptions = {}): ProjectionRuntime {
  const states = options.checkpoint?.states ?? initialStates();
  let position = options.checkpoint?.position ?? '0';
  let count = 0;
  const failures: ProjectionFailure[] = [];
  const timings = zeroTimings();
  const slowPageMs = options.slowPageMs ?? 2000;
  const report: FailureHandler = (f) => {
    if (failures.length < MAX_FAILURES_KEPT) failures.push(f);
    options.onError?.(f);
  };

  const fold = (events: readonly StoredEvent[]): void => {
    // Skip what is already folded (the live buffer overlaps catch-up).
    let start = 0;
    while (start < events.length && comparePositions((events[start] as StoredEvent).position, position) <= 0)
      start += 1;
    const fresh = start === 0 ? events : events.slice(start);
    if (fresh.length === 0) return;
    const before = { ...timings };
    foldPage(states, fresh, report, timings);
    position = (fresh[fresh.length - 1] as StoredEvent).position;
    count += fresh.length;
    if (options.onSlow) {
      for (const key of PROJECTION_KEYS) {
        const ms = timings[key] - before[key];
        if (ms > slowPageMs) options.onSlow({ projection: PROJECTION_NAMES[key], ms, events: fresh.length, position });
      }
    }
  };

  let catchingUp = true;
  const buffered: StoredEvent[] = [];
  const subscriptions: Subscription[] = [];
  subscriptions.push(
    store.live$.subscribe({
      next: (e) => {
        if (catchingUp) buffered.push(e);
        else fold([e]);
      },
      error: (err: unknown) =>
        report({
          projection: 'runtime',
          position,
          eventId: '',
          streamId: '',
          type: 'live$',
          message: `the live feed failed: ${err instanceof Error ? err.message : String(err)}`,
        }),
    }),
  );

  const ready = new Promise<void>((resolve, reject) => {
    subscriptions.push(
      defer(() => from(store.readPages({ after: position, pageSize: options.pageSize ?? 2000 })))
        .pipe(
          concatMap(async (page) => {
            fold(page);
            options.onPage?.(position, count);
          }),
        )
        .subscribe({
          complete: () => {
            catchingUp = false;
            fold(buffered.splice(0));
            resolve();
          },
          error: (err: unknown) => {
            report({
              projection: 'runtime',
              position,
              eventId: '',
              streamId: '',
              type: 'catch-up',
              message: `catch-up failed: ${err instanceof Error ? err.message : String(err)}`,
            });
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        }),
    );
  });
  // A caller that never awaits ready must not crash the process on a failed catch-up: it is reported above.
  ready.catch(() => undefined);

  return {
    ready,
    snapshot: () => states,
    position: () => position,
    folded: () => count,
    failures: () => failures,
    timings: () => timings,
    indicatorsOf: (journeyId) => linkedIndicators(states.progress.links, journeyId),
    stop: () => {
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}
