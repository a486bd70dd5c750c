import { concatMap, defer, from, type Subscription } from 'rxjs';
import { comparePositions, type StoredEvent } from '../src/events/index.js';
import type { EventStore } from '../src/store/port.js';
import type { Head } from '../src/store/verify.js';
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
  type ProjectionKey,
} from './index.js';
import {
  capture,
  headsAt,
  isBoundary,
  nearestCheckpoint,
  saveCheckpoint,
  stateAt,
  type Checkpoints,
  type StreamHeads,
} from './checkpoints.js';
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
  /**
   * Save a checkpoint every interval, and start from the last saved one (checkpoints.ts): the projections fold only
   * the events after it.
   */
  checkpoints?: Checkpoints | null;
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
  /**
   * Resolves when every projection is complete: with `ready`, since every projection starts from the checkpoint
   * (no state is folded from the ledger's start in the background any more: docs/decisions.md, "Timelines are read
   * back").
   */
  readonly complete: Promise<void>;
  /** The checkpoints this runtime saves, for cut reads (replay.ts replayLedgerFrom); null when it saves none. */
  readonly checkpoints: Checkpoints | null;
  /** The live states. Read-only for callers, and only until the next await (they keep moving). */
  snapshot(): LedgerProjections;
  /** Position of the last event folded ('0' before any). */
  position(): string;
  /** Events folded since start. */
  folded(): number;
  failures(): readonly ProjectionFailure[];
  /** Milliseconds spent in each projection: a slow projection shows by name. */
  timings(): Readonly<FoldTimings>;
  /** Every stream's head at position(): the ledger digest's input. Read-only for callers. */
  heads(): ReadonlyMap<string, Head>;
  /** Indicators a journey tracks now (a superset of what it tracked at any earlier cut): for replays. */
  indicatorsOf(journeyId: string): string[];
  stop(): void;
}

const MAX_FAILURES_KEPT = 1000;

export function startProjections(store: EventStore, options: RuntimeOptions = {}): ProjectionRuntime {
  const states = initialStates();
  const checkpoints = options.checkpoints ?? null;
  let position = '0';
  let count = 0;
  /** Every stream's head (for the ledger digest of a warm report), kept and saved with the checkpoints. */
  const heads: StreamHeads = new Map();
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
    const foldSegment = (segment: readonly StoredEvent[]): void => {
      for (const e of segment) heads.set(e.streamId, { revision: e.revision, hash: e.hash });
      foldPage(states, segment, report, timings);
    };
    // Folded up to each checkpoint boundary, where the saved states are captured before they move on.
    let from = 0;
    for (let i = 0; i < fresh.length && checkpoints !== null; i++) {
      const e = fresh[i] as StoredEvent;
      if (!isBoundary(checkpoints, e.ordinal)) continue;
      foldSegment(fresh.slice(from, i + 1));
      from = i + 1;
      const saved = capture(checkpoints, states, heads);
      saveCheckpoint(checkpoints, e, saved).catch((err: unknown) => failed('checkpoint', err));
    }
    foldSegment(from === 0 ? fresh : fresh.slice(from));
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

  const failed = (type: string, err: unknown): void =>
    report({
      projection: 'runtime',
      position,
      eventId: '',
      streamId: '',
      type,
      message: `${type} failed: ${err instanceof Error ? err.message : String(err)}`,
    });

  /** Starts every projection from the last checkpoint. */
  const restore = async (): Promise<void> => {
    if (checkpoints === null) return;
    const last = await nearestCheckpoint(checkpoints, await store.lastPosition());
    if (last === null) return;
    const load = <K extends ProjectionKey>(key: K): void => {
      states[key] = stateAt(checkpoints, last, key);
    };
    for (const key of PROJECTION_KEYS) load(key);
    // The loaded checkpoint holds every change name up to it: the next one saves only those after.
    checkpoints.namesSaved = states.names.change.size;
    for (const [streamId, head] of headsAt(checkpoints, last)) heads.set(streamId, head);
    position = last.position;
  };

  const ready = new Promise<void>((resolve, reject) => {
    subscriptions.push(
      defer(() => from(restore()))
        .pipe(concatMap(() => from(store.readPages({ after: position, pageSize: options.pageSize ?? 2000 }))))
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
    complete: ready,
    checkpoints,
    snapshot: () => states,
    position: () => position,
    folded: () => count,
    failures: () => failures,
    timings: () => timings,
    heads: () => heads,
    indicatorsOf: (journeyId) => linkedIndicators(states.progress.links, journeyId),
    stop: () => {
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}
