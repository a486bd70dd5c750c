import type { Clock } from '../src/clock.js';
import { byPosition, streamIds, type StoredEvent } from '../src/events/index.js';
import type { EventStore } from '../src/store/port.js';
import type { LedgerProjections } from './index.js';
import { timelineStreams } from './journey-timeline.js';
import type { ReadContext } from './read-model.js';
import {
  cutPosition,
  readStreamWithin,
  replayIndicator,
  replayJourney,
  replayLedger,
  replayLedgerFrom,
  type Cut,
} from './replay.js';
import type { ProjectionRuntime } from './runtime.js';

/**
 * Where an answer's states come from: the live runtime when no cut is asked for, an on-demand replay otherwise.
 * The reference day is the date of asOf, or today from the injected clock (also for an `at` cut: docs/decisions.md,
 * "Reference day").
 * Every function first waits for catch-up and tails the store, so other processes' writes are seen.
 */
export interface ReadSources {
  store: EventStore;
  runtime: ProjectionRuntime;
  clock: Clock;
  /**
   * Runs heavy work (a whole-ledger replay) when its turn comes: the server allows two at a time
   * (src/app/heavy-work.ts); absent, at once.
   */
  heavy?: <T>(work: () => Promise<T>) => Promise<T>;
}

/** How this reader runs heavy work: through the server's limit, or at once. */
export const heavyOf =
  (s: ReadSources) =>
  <T>(work: () => Promise<T>): Promise<T> =>
    s.heavy ? s.heavy(work) : work();

function stamp(clock: Clock, cut: Cut | null): Omit<ReadContext, 'states'> {
  const now = clock.now().toISOString();
  if (cut !== null && 'asOf' in cut)
    return {
      asOf: new Date(cut.asOf).toISOString(),
      at: null,
      referenceDay: new Date(cut.asOf).toISOString().slice(0, 10),
    };
  return { asOf: now, at: cut !== null ? cut.at : null, referenceDay: now.slice(0, 10) };
}

async function upToDate(s: ReadSources): Promise<void> {
  await s.runtime.ready;
  await s.store.tail();
}

/** The live states (no cut). */
export async function liveContext(s: ReadSources): Promise<ReadContext> {
  await upToDate(s);
  return { states: s.runtime.snapshot(), ...stamp(s.clock, null) };
}

/** One journey: live, or replayed from its own streams only. The states answer questions about that journey only. */
export async function journeyContext(s: ReadSources, journeyId: string, cut: Cut | null): Promise<ReadContext> {
  if (cut === null) return liveContext(s);
  await upToDate(s);
  const replayed = await replayJourney(s.store, journeyId, cut, { indicatorIds: s.runtime.indicatorsOf(journeyId) });
  return { states: replayed.states, ...stamp(s.clock, cut) };
}

/**
 * The whole ledger (overview, decisions, accountabilities): live, or as it stood at the cut: from the runtime's
 * nearest checkpoint before it (at most one checkpoint interval read), or replayed from the start when the runtime
 * saves none or the cut is no prefix of the ledger (docs/decisions.md, "Checkpoints").
 */
export async function ledgerContext(s: ReadSources, cut: Cut | null): Promise<ReadContext> {
  if (cut === null) return liveContext(s);
  await upToDate(s);
  const checkpoints = s.runtime.checkpoints;
  const to = checkpoints === null ? null : await cutPosition(s.store, cut);
  if (checkpoints === null || to === null) {
    const replayed = await heavyOf(s)(() => replayLedger(s.store, cut));
    return { states: replayed.states, ...stamp(s.clock, cut) };
  }
  const live = { position: s.runtime.position() };
  const replayed = await heavyOf(s)(() => replayLedgerFrom(checkpoints, to, live));
  return { states: replayed.states, ...stamp(s.clock, cut) };
}

/**
 * One indicator: live, or replayed from its own stream only. Under a cut, the journeys that track it are those
 * its definition names (links made by journeys' plans, changes and decisions live in their streams).
 */
export async function indicatorContext(s: ReadSources, indicatorId: string, cut: Cut | null): Promise<ReadContext> {
  if (cut === null) return liveContext(s);
  await upToDate(s);
  return { states: (await replayIndicator(s.store, indicatorId, cut)).states, ...stamp(s.clock, cut) };
}

/** A context with the events of some streams read back where its states stand (docs/decisions.md, "Timelines are read back"). */
export interface WithEvents {
  ctx: ReadContext;
  /** In position order. */
  events: StoredEvent[];
}
/** Which streams to read back, given the states the answer is made with. */
type Streams = (states: LedgerProjections) => readonly string[];

/**
 * The live states and the events of `streams` up to the position they have folded. The states move on while the
 * store is read, so what was appended meanwhile is read on (from the revision reached) until the position holds still
 * across a read; the answer is then made at once, without another await.
 */
async function liveWithEvents(s: ReadSources, streams: Streams): Promise<WithEvents> {
  await upToDate(s);
  const next = new Map<string, number>();
  const events: StoredEvent[] = [];
  for (;;) {
    const position = s.runtime.position();
    for (const streamId of streams(s.runtime.snapshot())) {
      const options = { fromRevision: next.get(streamId) ?? 0, to: position };
      for await (const e of s.store.readStream(streamId, options)) {
        events.push(e);
        next.set(streamId, e.revision + 1);
      }
    }
    if (s.runtime.position() === position)
      return { ctx: { states: s.runtime.snapshot(), ...stamp(s.clock, null) }, events: events.sort(byPosition) };
  }
}

/**
 * One journey with the events its answers show, read back from the store: `own`, its own stream (its detail's
 * changes, lessons and perspectives); `timeline`, also the streams of the indicators it tracks. Live: the journey's
 * streams up to the live position; under a cut, the replay of the journey's streams, whose events are those.
 */
export async function journeyEventsContext(
  s: ReadSources,
  journeyId: string,
  cut: Cut | null,
  which: 'own' | 'timeline',
): Promise<WithEvents> {
  if (cut === null)
    return liveWithEvents(s, (states) =>
      which === 'own' ? [streamIds.journey(journeyId)] : timelineStreams(states.progress.links, journeyId),
    );
  await upToDate(s);
  const replayed = await replayJourney(s.store, journeyId, cut, { indicatorIds: s.runtime.indicatorsOf(journeyId) });
  return { ctx: { states: replayed.states, ...stamp(s.clock, cut) }, events: [...replayed.read] };
}

/** The whole ledger (ledgerContext) with the own streams of the journeys `journeyIds` names, read back at the cut. */
export async function ledgerWithJourneys(
  s: ReadSources,
  cut: Cut | null,
  journeyIds: (states: LedgerProjections) => readonly string[],
): Promise<WithEvents> {
  const own: Streams = (states) => journeyIds(states).map((id) => streamIds.journey(id));
  if (cut === null) return liveWithEvents(s, own);
  const ctx = await ledgerContext(s, cut);
  const events: StoredEvent[] = [];
  for (const streamId of own(ctx.states))
    for (const e of await readStreamWithin(s.store, streamId, cut)) events.push(e);
  return { ctx, events: events.sort(byPosition) };
}
