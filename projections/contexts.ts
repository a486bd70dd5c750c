import type { Clock } from '../src/clock.js';
import type { EventStore } from '../src/store/port.js';
import type { ReadContext } from './read-model.js';
import { replayIndicator, replayJourney, replayLedger, type Cut } from './replay.js';
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

/** The whole ledger (overview, decisions, accountabilities): live, or replayed up to the cut. */
export async function ledgerContext(s: ReadSources, cut: Cut | null): Promise<ReadContext> {
  if (cut === null) return liveContext(s);
  await upToDate(s);
  const replayed = await heavyOf(s)(() => replayLedger(s.store, cut));
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
