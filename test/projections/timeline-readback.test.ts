import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { journeyEventsContext, type ReadSources } from '../../projections/contexts.js';
import { foldAll } from '../../projections/index.js';
import { noteLinks, type LinkIndex } from '../../projections/links.js';
import { journeyAnswer, timelineAnswer } from '../../projections/read-model.js';
import type { Cut } from '../../projections/replay.js';
import { startProjections } from '../../projections/runtime.js';
import { sentenceOf, type LedgerEvent, type StoredEvent } from '../../src/events/index.js';
import { parseStreamId } from '../../src/events/streams.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { alice, charter, ledgerBuilder } from './fixtures.js';
import { buildLedger, ledgerOp } from './random-ledger.js';

/**
 * A journey's timeline is read back from the store (docs/decisions.md, "Timelines are read back"): these tests hold
 * it to the timeline the state used to fold — every event of the journey's stream and of the indicators linked to it
 * by then, by occurredAt then position — and count what a read reads.
 */
function foldedTimeline(events: readonly StoredEvent[], journeyId: string) {
  if (!events.some((e) => e.type === 'JourneyCharted' && e.streamId === `journey-${journeyId}`)) return null;
  const links: LinkIndex = new Map();
  for (const e of events) noteLinks(links, e as LedgerEvent);
  const streams = new Set([`journey-${journeyId}`, ...[...(links.get(journeyId) ?? [])].map((i) => `indicator-${i}`)]);
  return events
    .filter((e) => streams.has(e.streamId))
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || Number(a.position) - Number(b.position))
    .map((e) => ({
      position: e.position,
      entry: e.ordinal + 1,
      eventId: e.id,
      type: e.type,
      streamId: e.streamId,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.actor,
      summary: sentenceOf({
        type: e.type,
        data: e.data,
        actor: e.actor,
        streamKey: parseStreamId(e.streamId)?.key ?? '',
      } as never),
      data: e.data,
    }));
}

/** A store that counts the events its stream reads hand out, and may run something before the first one. */
function counting(store: SqliteEventStore, beforeFirstRead?: () => Promise<void>) {
  let read = 0;
  let first = beforeFirstRead;
  const wrapped = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'readStream')
        return async function* (...args: Parameters<EventStore['readStream']>) {
          const run = first;
          first = undefined;
          if (run) await run();
          for await (const e of target.readStream(...args)) {
            read += 1;
            yield e;
          }
        };
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as EventStore;
  return { store: wrapped, read: () => read, reset: () => void (read = 0) };
}

const clock = { now: () => new Date('2026-11-25T00:00:00.000Z') };

describe('a journey’s timeline, read back from the store', () => {
  it('equals the timeline folded from the full events, live and at any cut, reading only its streams', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ledgerOp, { minLength: 1, maxLength: 40 }),
        fc.nat(),
        fc.constantFrom('j1', 'j2'),
        async (ops, cutPick, journeyId) => {
          const events = buildLedger(ops);
          const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
          await store.restore(events);
          const c = counting(store);
          const runtime = startProjections(c.store, { pageSize: 7 });
          try {
            await runtime.ready;
            const sources: ReadSources = { store: c.store, runtime, clock };

            c.reset();
            const live = await journeyEventsContext(sources, journeyId, null, 'timeline');
            const expected = foldedTimeline(events, journeyId);
            expect(timelineAnswer(live.ctx, journeyId, live.events)?.entries ?? null).toEqual(expected);
            // Live, exactly the events of its streams are read: the journey's own and its linked indicators'.
            expect(c.read()).toBe(expected?.length ?? live.events.length);

            // The journey's detail reads its own stream only.
            c.reset();
            const own = await journeyEventsContext(sources, journeyId, null, 'own');
            expect(c.read()).toBe(events.filter((e) => e.streamId === `journey-${journeyId}`).length);
            expect(journeyAnswer(own.ctx, journeyId, own.events)).toEqual(
              journeyAnswer({ ...own.ctx, states: foldAll(events) }, journeyId, events),
            );

            const at = 1 + (cutPick % events.length);
            const cuts: [Cut, StoredEvent[]][] = [
              [{ at: String(at) }, events.slice(0, at)],
              [
                { asOf: events[at - 1]!.recordedAt },
                events.filter((e) => Date.parse(e.recordedAt) <= Date.parse(events[at - 1]!.recordedAt)),
              ],
            ];
            for (const [cut, kept] of cuts) {
              const then = await journeyEventsContext(sources, journeyId, cut, 'timeline');
              expect(timelineAnswer(then.ctx, journeyId, then.events)?.entries ?? null).toEqual(
                foldedTimeline(kept, journeyId),
              );
            }
          } finally {
            runtime.stop();
            await store.close();
          }
        },
      ),
      { numRuns: 40, seed: 20261129 },
    );
  });

  it('what is appended while the streams are read is read on, so the answer and the states stand at one position', async () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.journey('j1', 'LessonHarvested', { lessonId: 'l1', learned: 'before' });
    const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await store.restore(b.events);
    const late = {
      id: 'l-late',
      type: 'LessonHarvested' as const,
      data: { lessonId: 'l2', learned: 'while reading' },
      actor: alice,
    };
    // The first stream read lets another request's append land first: the live states move past where it began.
    const c = counting(store, async () => void (await store.append('journey-j1', [late], { expectedRevision: 1 })));
    const runtime = startProjections(c.store);
    await runtime.ready;
    const sources: ReadSources = { store: c.store, runtime, clock };
    const { ctx, events } = await journeyEventsContext(sources, 'j1', null, 'timeline');
    expect(runtime.position()).toBe('3');
    const answer = journeyAnswer(ctx, 'j1', events);
    expect(answer?.lessons.map((l) => l.lessonId)).toEqual(['l1', 'l2']);
    expect(timelineAnswer(ctx, 'j1', events)?.entries.map((e) => e.position)).toEqual(['1', '2', '3']);
    // Read once up to where it began (position 2), then on from the revision reached: three events in all.
    expect(c.read()).toBe(3);
    runtime.stop();
    await store.close();
  });
});
