import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldAll, type LedgerProjections } from '../../projections/index.js';
import {
  accountabilitiesAnswer,
  auditAnswer,
  decisionsAnswer,
  gapsAnswer,
  journeyAnswer,
  overviewAnswer,
  progressAnswer,
  timelineAnswer,
  type ReadContext,
} from '../../projections/read-model.js';
import { replayJourney, replayLedger } from '../../projections/replay.js';
import { startProjections } from '../../projections/runtime.js';
import type { StoredEvent } from '../../src/events/envelope.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { charter, indicatorDefinition, ledgerBuilder } from './fixtures.js';
import { buildLedger, ledgerOp } from './random-ledger.js';

const ctx = (states: LedgerProjections, referenceDay = '2026-11-25'): ReadContext => ({
  states,
  referenceDay,
  asOf: '2026-11-25T00:00:00.000Z',
  at: null,
});

/** Everything a user can ask about one journey; `events`: those read back for its detail and timeline. */
const journeyAnswers = (states: LedgerProjections, journeyId: string, events: readonly StoredEvent[]) => {
  const c = ctx(states);
  return {
    progress: progressAnswer(c, journeyId),
    journey: journeyAnswer(c, journeyId, events),
    timeline: timelineAnswer(c, journeyId, events),
    audit: auditAnswer(c, journeyId),
  };
};
const cityAnswers = (states: LedgerProjections) => {
  const c = ctx(states);
  return {
    overview: overviewAnswer(c),
    decisions: decisionsAnswer(c, {}),
    accountabilities: accountabilitiesAnswer(c, {}),
    gaps: ['i1', 'i2', 'i3'].map((i) => gapsAnswer(c, i)),
  };
};

async function storeWith(events: StoredEvent[]) {
  const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
  if (events.length > 0) await store.restore(events);
  return store;
}

describe('as-of replay', () => {
  it('a correction recorded after T is invisible with asOf=T and visible without', async () => {
    const b = ledgerBuilder('2026-01-05T09:00:00.000Z');
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.indicator('i1', 'IndicatorDefined', indicatorDefinition('i1', { journeyIds: ['j1'] }));
    b.indicator('i1', 'MeasurementRecorded', { measurementId: 'm1', period: '2025', value: 64 });
    b.on('2026-03-02T12:00:00.000Z').indicator('i1', 'MeasurementCorrected', {
      measurementId: 'm1',
      value: 66,
      reason: 'late returns',
    });
    const store = await storeWith(b.events);
    const runtime = startProjections(store);
    await runtime.ready;
    const T = '2026-03-01T00:00:00.000Z';
    const then = await replayJourney(store, 'j1', { asOf: T }, { indicatorIds: runtime.indicatorsOf('j1') });
    expect(progressAnswer(ctx(then.states, '2026-03-01'), 'j1')?.indicators[0]?.latest).toMatchObject({
      value: 64,
      corrected: false,
    });
    expect(then.events).toBe(3);
    expect(progressAnswer(ctx(runtime.snapshot()), 'j1')?.indicators[0]?.latest).toMatchObject({
      value: 66,
      corrected: true,
    });
    runtime.stop();
    await store.close();
  });

  it('reads only the journey’s own streams', async () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.journey('j2', 'JourneyCharted', charter('j2'));
    b.indicator('i2', 'IndicatorDefined', indicatorDefinition('i2', { journeyIds: ['j2'] }));
    const store = await storeWith(b.events);
    const replayed = await replayJourney(store, 'j1', null);
    expect(replayed.events).toBe(1);
    await store.close();
  });
});

describe('runtime', () => {
  it('catches up, then folds live appends; a read after tail() sees them', async () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    const store = await storeWith(b.events);
    const runtime = startProjections(store, { pageSize: 1 });
    const appended = store.append(
      'journey-j1',
      [
        {
          id: 'l-live',
          type: 'LessonHarvested',
          data: { lessonId: 'l1', learned: 'during catch-up' },
          actor: b.events[0]!.actor,
        },
      ],
      { expectedRevision: 0 },
    );
    await runtime.ready;
    await appended;
    await store.append(
      'journey-j1',
      [
        {
          id: 'l-live-2',
          type: 'LessonHarvested',
          data: { lessonId: 'l2', learned: 'after' },
          actor: b.events[0]!.actor,
        },
      ],
      { expectedRevision: 1 },
    );
    await store.tail();
    const stored: StoredEvent[] = [];
    for await (const e of store.readAll()) stored.push(e);
    expect(journeyAnswer(ctx(runtime.snapshot()), 'j1', stored)?.lessons.map((l) => l.lessonId)).toEqual(['l1', 'l2']);
    expect(runtime.position()).toBe('3');
    expect(runtime.folded()).toBe(3);
    expect(runtime.failures()).toEqual([]);
    runtime.stop();
    await store.close();
  });
});

describe('runtime failures', () => {
  it('a projection that throws on a stored event is reported with its position; the others and later events go on', async () => {
    const b = ledgerBuilder();
    b.journey('j1', 'JourneyCharted', charter('j1'));
    b.indicator('i1', 'IndicatorDefined', indicatorDefinition('i1', { journeyIds: ['j1'] }));
    // A stored event its schema would refuse (no period): the progress reducer cannot date it.
    b.indicator('i1', 'MeasurementRecorded', { measurementId: 'bad', value: 1 } as never);
    b.indicator('i1', 'MeasurementRecorded', { measurementId: 'm1', period: '2025', value: 64 });
    const store = await storeWith(b.events);
    const seen: string[] = [];
    const slow: string[] = [];
    const runtime = startProjections(store, {
      onError: (f) => seen.push(`${f.projection}@${f.position}`),
      slowPageMs: -1,
      onSlow: (s) => slow.push(s.projection),
    });
    await runtime.ready;
    expect(seen).toEqual(['progress@3']);
    expect(runtime.failures()).toMatchObject([
      { projection: 'progress', position: '3', type: 'MeasurementRecorded', eventId: 'ev-3' },
    ]);
    expect(progressAnswer(ctx(runtime.snapshot()), 'j1')?.indicators[0]?.latest).toMatchObject({
      measurementId: 'm1',
      value: 64,
    });
    const entries = timelineAnswer(ctx(runtime.snapshot()), 'j1', b.events)?.entries ?? [];
    expect(entries).toHaveLength(4);
    // The unreadable entry still has a line; the readable ones say their period as people say it.
    expect(entries.map((x) => x.summary)).toContain('An entry whose details cannot be read (MeasurementRecorded)');
    expect(entries.map((x) => x.summary)).toContain('i1 measured 64 for 2025');
    expect(new Set(slow)).toEqual(
      new Set(['progress', 'audit-trail', 'accountability', 'city-overview', 'published-reports', 'city-names']),
    );
    runtime.stop();
    await store.close();
  });
});

describe('property: one fold, any paging, any replay', () => {
  it('folding the whole ledger in one pass equals the runtime’s paged catch-up and an on-demand replay at the same position', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ledgerOp, { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        fc.constantFrom('j1', 'j2'),
        async (ops, pageSize, cutPick, journeyId) => {
          const events = buildLedger(ops);
          const store = await storeWith(events);
          try {
            const runtime = startProjections(store, { pageSize });
            await runtime.ready;
            const whole = foldAll(events);
            expect(journeyAnswers(runtime.snapshot(), journeyId, events)).toEqual(
              journeyAnswers(whole, journeyId, events),
            );
            expect(cityAnswers(runtime.snapshot())).toEqual(cityAnswers(whole));

            const at = 1 + (cutPick % events.length);
            const prefix = foldAll(events.slice(0, at));
            const replayedAt = await replayJourney(
              store,
              journeyId,
              { at: String(at) },
              { indicatorIds: runtime.indicatorsOf(journeyId) },
            );
            expect(journeyAnswers(replayedAt.states, journeyId, replayedAt.read)).toEqual(
              journeyAnswers(prefix, journeyId, events.slice(0, at)),
            );

            const asOf = events[at - 1]!.recordedAt;
            const kept = events.filter((e) => Date.parse(e.recordedAt) <= Date.parse(asOf));
            const recordedBy = foldAll(kept);
            const replayedAsOf = await replayJourney(
              store,
              journeyId,
              { asOf },
              { indicatorIds: runtime.indicatorsOf(journeyId) },
            );
            expect(journeyAnswers(replayedAsOf.states, journeyId, replayedAsOf.read)).toEqual(
              journeyAnswers(recordedBy, journeyId, kept),
            );
            expect(cityAnswers((await replayLedger(store, { at: String(at) }, { pageSize })).states)).toEqual(
              cityAnswers(prefix),
            );
            runtime.stop();
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
