import { byPosition, comparePositions, streamIds, type LedgerEvent, type StoredEvent } from '../src/events/index.js';
import { nextTurn } from '../src/clock.js';
import type { EventStore } from '../src/store/port.js';
import { nearestCheckpoint, stateAt, type Checkpoints } from './checkpoints.js';
import {
  foldPage,
  foldProjection,
  initialStates,
  PROJECTION_KEYS,
  type FailureHandler,
  type LedgerProjections,
  type ProjectionFailure,
  type ProjectionKey,
} from './index.js';
import { noteLinks, type LinkIndex } from './links.js';

/**
 * On-demand replay over a cut: `asOf` keeps the events recorded at or before that instant;
 * `at` keeps the events at or before that position. The same reducers as the live runtime fold what the cut
 * keeps, so a replay at the live position equals the live state.
 */
export type Cut = { asOf: string } | { at: string };

export interface Replayed {
  states: LedgerProjections;
  events: number;
  position: string;
  /** Reducers that threw on an event of the cut: that event is left out of that projection (as in the runtime). */
  failures: ProjectionFailure[];
}

/** A test for "inside the cut", built once per replay. */
export function cutFilter(cut: Cut | null): (e: StoredEvent) => boolean {
  if (cut === null) return () => true;
  if ('asOf' in cut) {
    const limit = Date.parse(cut.asOf);
    return (e) => Date.parse(e.recordedAt) <= limit;
  }
  return (e) => comparePositions(e.position, cut.at) <= 0;
}

/**
 * The last position a cut may reach: `at` itself; for `asOf`, the position the store finds for that instant without
 * reading the events (positionRecordedBy: one index lookup on SQLite), so a read stops there instead of reading the
 * whole ledger and filtering (docs/decisions.md, "asOf is a position bound"). Undefined: no bound.
 */
export async function cutBound(store: EventStore, cut: Cut | null): Promise<string | undefined> {
  if (cut === null) return undefined;
  if ('at' in cut) return cut.at;
  return store.positionRecordedBy?.(cut.asOf);
}

/**
 * The last position of a cut that is a prefix of the ledger: `at` itself; for `asOf`, the last event recorded by the
 * instant (EventStore.lastRecordedBy). Null when the store cannot say, or the ledger is not in recording order: the
 * cut is then no prefix, and is applied event by event.
 */
export async function cutPosition(store: EventStore, cut: Cut): Promise<string | null> {
  if ('at' in cut) return cut.at;
  return store.lastRecordedBy ? store.lastRecordedBy(cut.asOf) : null;
}

/** The events of one stream inside the cut (every event without one), in position order. */
export async function readStreamWithin(
  store: EventStore,
  streamId: string,
  cut: Cut | null,
  keep: (e: StoredEvent) => boolean = cutFilter(cut),
): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  const to = await cutBound(store, cut);
  // The store applies the asOf cut itself too (before parsing); `keep` stays as the definition of the cut.
  const options = {
    ...(cut !== null && 'asOf' in cut ? { recordedBy: cut.asOf } : {}),
    ...(to === undefined ? {} : { to }),
  };
  for await (const e of store.readStream(streamId, options)) if (keep(e)) out.push(e);
  return out;
}

/**
 * One journey as it stood at the cut, reading only journey-{id} and the streams of the indicators it tracks,
 * never the whole ledger. Which indicators: those its own events link (links.ts), plus `indicatorIds` — pass
 * the live runtime's `indicatorsOf(journeyId)`, which also knows the indicators whose definition names the
 * journey (found only in the indicator streams). Links only grow, so the live set covers every earlier cut;
 * the cut itself is applied event by event. The resulting states answer questions about this journey only; `read`
 * holds the events folded (a superset of its timeline's streams at the cut: journey-timeline.ts `timelineOf`).
 */
export async function replayJourney(
  store: EventStore,
  journeyId: string,
  cut: Cut | null,
  options: { indicatorIds?: Iterable<string>; onError?: FailureHandler } = {},
): Promise<Replayed & { read: readonly StoredEvent[] }> {
  const keep = cutFilter(cut);
  const journeyEvents = await readStreamWithin(store, streamIds.journey(journeyId), cut, keep);
  const links: LinkIndex = new Map();
  for (const e of journeyEvents) noteLinks(links, e as LedgerEvent);
  const indicatorIds = new Set<string>([...(options.indicatorIds ?? []), ...(links.get(journeyId) ?? [])]);
  const all = journeyEvents;
  for (const id of [...indicatorIds].sort()) {
    for (const e of await readStreamWithin(store, streamIds.indicator(id), cut, keep)) all.push(e);
  }
  all.sort(byPosition);
  return { ...fold(all, options.onError), read: all };
}

/** One indicator as it stood at the cut, from its own stream only. */
export async function replayIndicator(
  store: EventStore,
  indicatorId: string,
  cut: Cut | null,
  options: { onError?: FailureHandler } = {},
): Promise<Replayed> {
  return fold(await readStreamWithin(store, streamIds.indicator(indicatorId), cut, cutFilter(cut)), options.onError);
}

/**
 * The whole ledger at a cut (for city-wide questions: the overview, decisions, accountabilities), read up to the cut's
 * bound only, a page at a time with a turn of the event loop between pages.
 */
export async function replayLedger(
  store: EventStore,
  cut: Cut | null,
  options: { onError?: FailureHandler; pageSize?: number } = {},
): Promise<Replayed> {
  const keep = cutFilter(cut);
  const states = initialStates();
  const failures: ProjectionFailure[] = [];
  const report = collect(failures, options.onError);
  let events = 0;
  let position = '0';
  const to = await cutBound(store, cut);
  for await (const page of store.readPages({
    pageSize: options.pageSize ?? 500,
    ...(to === undefined ? {} : { to }),
  })) {
    const kept = cut !== null && 'asOf' in cut ? page.filter(keep) : page;
    if (kept.length > 0) {
      foldPage(states, kept, report);
      events += kept.length;
      position = (kept[kept.length - 1] as StoredEvent).position;
    }
    // Between pages, whatever else arrived is answered (a health check, a small read): docs/decisions.md.
    await nextTurn();
  }
  return { states, events, position, failures };
}

/**
 * The whole ledger up to position `to` (a prefix: cutPosition), from the nearest checkpoint at or before it
 * (checkpoints.ts): at most one checkpoint interval of events is read. Each projection's state is loaded and folded
 * when first asked for, so an overview never deserializes the decisions. `live` is where the live states stand (a cut
 * past it holds what they hold). `events` counts the events read from the store.
 */
export async function replayLedgerFrom(
  cp: Checkpoints,
  to: string,
  live: { position: string },
  options: { onError?: FailureHandler } = {},
): Promise<Replayed> {
  // A cut past the ledger's end holds every event, which the live state has folded.
  const end = comparePositions(to, live.position) > 0 ? live.position : to;
  const from = await nearestCheckpoint(cp, end);
  const tail: StoredEvent[] = [];
  for await (const page of cp.store.readPages({ after: from?.position ?? '0', to: end, pageSize: 5000 }))
    for (const e of page) tail.push(e);
  const failures: ProjectionFailure[] = [];
  const report = collect(failures, options.onError);
  const cache: Partial<LedgerProjections> = {};
  const states = {} as LedgerProjections;
  const define = <K extends ProjectionKey>(key: K, make: () => LedgerProjections[K]): void => {
    Object.defineProperty(states, key, { enumerable: true, get: () => (cache[key] ??= make()) });
  };
  for (const key of PROJECTION_KEYS) define(key, () => foldProjection(key, stateAt(cp, from, key), tail, report));
  const position = tail.length > 0 ? (tail[tail.length - 1] as StoredEvent).position : (from?.position ?? '0');
  return { states, events: tail.length, position, failures };
}

function fold(events: StoredEvent[], onError?: FailureHandler): Replayed {
  const failures: ProjectionFailure[] = [];
  const states = foldPage(initialStates(), events, collect(failures, onError));
  const position = events.length > 0 ? (events[events.length - 1] as StoredEvent).position : '0';
  return { states, events: events.length, position, failures };
}

const collect =
  (failures: ProjectionFailure[], onError?: FailureHandler): FailureHandler =>
  (f) => {
    failures.push(f);
    onError?.(f);
  };
