import { describe, expect, it } from 'vitest';
import { foldAll, type LedgerProjections } from '../../projections/index.js';
import { gapsAnswer, indicatorAnswer, progressAnswer, type ReadContext } from '../../projections/read-model.js';
import { replayIndicator } from '../../projections/replay.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { charter, indicatorDefinition, ledgerBuilder } from './fixtures.js';

/**
 * The gaps as the progress projection answers them, from events: the maths is gap-math.test.ts's; here, which
 * figures enter a gap (corrections, the cut) and what the answer says about where each figure came from.
 */
const ctx = (states: LedgerProjections, referenceDay = '2026-11-25'): ReadContext => ({
  states,
  referenceDay,
  asOf: `${referenceDay}T00:00:00.000Z`,
  at: null,
});

/** Healthy life expectancy by deprivation decile; the gap between the most and least deprived, 2021 → 2026. */
function hleLedger() {
  const b = ledgerBuilder('2026-01-05T09:00:00.000Z');
  b.journey('j1', 'JourneyCharted', charter('j1'));
  b.indicator(
    'hle',
    'IndicatorDefined',
    indicatorDefinition('hle', {
      name: 'Healthy life expectancy',
      unit: 'years',
      journeyIds: ['j1'],
      baseline: { value: 58, period: '2021' },
      target: { value: 61, period: '2026' },
      groups: [
        { groupId: 'most', name: 'Most deprived decile' },
        { groupId: 'least', name: 'Least deprived decile' },
      ],
    }),
  );
  const gap = b.indicator('hle', 'GapDefined', {
    gapId: 'decile-gap',
    name: 'Most against least deprived',
    focusGroup: 'most',
    comparatorGroup: 'least',
    baseline: { value: 12.5, period: '2021' },
    target: { value: 8.5, period: '2025' },
  });
  b.indicator('hle', 'MeasurementRecorded', { measurementId: 'all-22', period: '2022', value: 58.5 });
  b.indicator('hle', 'MeasurementRecorded', { measurementId: 'm-22', period: '2022', value: 52, group: 'most' });
  const l22 = b.indicator('hle', 'MeasurementRecorded', {
    measurementId: 'l-22',
    period: '2022',
    value: 64,
    group: 'least',
  });
  b.indicator('hle', 'MeasurementRecorded', { measurementId: 'm-23', period: '2023', value: 53, group: 'most' });
  b.indicator('hle', 'MeasurementRecorded', { measurementId: 'l-23', period: '2023', value: 64.5, group: 'least' });
  return { b, gap, l22 };
}

describe('a gap folded from the ledger', () => {
  it('lists the gap with its groups’ names, points and the positions each figure came from', () => {
    const { b, gap, l22 } = hleLedger();
    const answer = gapsAnswer(ctx(foldAll(b.events)), 'hle');
    expect(answer?.gaps).toHaveLength(1);
    const g = answer!.gaps[0]!;
    expect(g).toMatchObject({
      gapId: 'decile-gap',
      focusGroupName: 'Most deprived decile',
      comparatorGroupName: 'Least deprived decile',
      position: gap.position,
      latest: { period: '2023', focus: 53, comparator: 64.5, gap: 11.5 },
    });
    expect(g.points.map((x) => [x.period, x.gap])).toEqual([
      ['2022', 12],
      ['2023', 11.5],
    ]);
    expect(g.points[0]?.sources.comparator).toEqual({
      measurementId: 'l-22',
      position: l22.position,
      correctionPositions: [],
    });
    // The whole population's 2022 figure is its own series, in no group and in no gap.
    expect(answer!.groups.map((x) => [x.groupId, x.points.map((p) => p.value)])).toEqual([
      ['most', [52, 53]],
      ['least', [64, 64.5]],
    ]);
    expect(answer!.wholePopulation.points.map((p) => p.value)).toEqual([58.5]);
  });

  it('takes a correction to one side into the gap, and cites it', () => {
    const { b } = hleLedger();
    const c = b.indicator('hle', 'MeasurementCorrected', {
      measurementId: 'm-23',
      value: 52.5,
      reason: 'Late registrations',
    });
    const answer = gapsAnswer(ctx(foldAll(b.events)), 'hle')!;
    expect(answer.gaps[0]?.latest).toMatchObject({ focus: 52.5, gap: 12 }); // 64.5 − 52.5
    expect(answer.gaps[0]?.latest?.sources.focus.correctionPositions).toEqual([c.position]);
    // The correction is listed with its group; the whole population's figures did not move.
    const ind = indicatorAnswer(ctx(foldAll(b.events)), 'hle')!;
    expect(ind.corrections).toMatchObject([{ measurementId: 'm-23', group: 'most', from: 53, to: 52.5 }]);
    expect(ind.progress.latest).toMatchObject({ measurementId: 'all-22', value: 58.5 });
    expect(ind.measurements.map((m) => m.measurementId)).toEqual(['all-22']);
    expect(indicatorAnswer(ctx(foldAll(b.events)), 'hle', 'most')!.measurements.map((m) => m.value)).toEqual([
      52, 52.5,
    ]);
  });

  it('lists a journey’s indicators’ gaps in its progress, leaving its status to the whole-population figures', () => {
    const { b } = hleLedger();
    const answer = progressAnswer(ctx(foldAll(b.events)), 'j1')!;
    expect(answer.gaps.map((g) => [g.indicatorId, g.indicatorName, g.gapId])).toEqual([
      ['hle', 'Healthy life expectancy', 'decile-gap'],
    ]);
    expect(answer.status).toBe(answer.indicators[0]?.status);
  });

  it('with ?group, keeps the gaps with that group on either side and that group only', () => {
    const { b } = hleLedger();
    b.indicator('hle', 'IndicatorGroupAdded', { groupId: 'middle', name: 'Middle deciles' });
    b.indicator('hle', 'GapDefined', {
      gapId: 'middle-gap',
      name: 'Middle against all',
      focusGroup: 'middle',
      comparatorGroup: 'all',
      baseline: { value: 3, period: '2021' },
      target: { value: 1, period: '2026' },
    });
    const states = foldAll(b.events);
    expect(gapsAnswer(ctx(states), 'hle', 'least')!.gaps.map((g) => g.gapId)).toEqual(['decile-gap']);
    expect(gapsAnswer(ctx(states), 'hle', 'all')!.gaps.map((g) => g.gapId)).toEqual(['middle-gap']);
    expect(gapsAnswer(ctx(states), 'hle', 'middle')!.groups.map((g) => g.groupId)).toEqual(['middle']);
    expect(gapsAnswer(ctx(states), 'hle')!.groups.map((g) => g.groupId)).toEqual(['most', 'least', 'middle']);
  });
});

describe('a gap as of a cut', () => {
  it('before a late figure, ends at the last period both sides had; after it, moves on', async () => {
    const { b } = hleLedger();
    b.indicator('hle', 'MeasurementRecorded', { measurementId: 'l-24', period: '2024', value: 65, group: 'least' });
    const T = '2026-03-01T00:00:00.000Z';
    // The most deprived's 2024 figure arrives late, with a revised target.
    b.on('2026-04-10T10:00:00.000Z');
    const late = b.indicator('hle', 'MeasurementRecorded', {
      measurementId: 'm-24',
      period: '2024',
      value: 54.5,
      group: 'most',
    });
    const revised = b.indicator('hle', 'GapTargetRevised', {
      gapId: 'decile-gap',
      target: { value: 9, period: '2026' },
      reason: 'Stretch agreed with the ICB',
      decidedBy: 'Health and Wellbeing Board',
    });
    const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await store.restore(b.events);
    try {
      const then = await replayIndicator(store, 'hle', { asOf: T });
      const before = gapsAnswer(ctx(then.states, '2026-03-01'), 'hle')!.gaps[0]!;
      expect(before.latest).toMatchObject({ period: '2023', gap: 11.5 });
      expect(before.target).toMatchObject({ value: 8.5, period: '2025' });
      expect(before.targetRevisions).toEqual([]);
      // Before the late figure the comparator's 2024 stands alone: no 2024 point.
      expect(before.points.map((x) => x.period)).toEqual(['2022', '2023']);

      const now = gapsAnswer(ctx(foldAll(b.events), '2026-06-01'), 'hle')!.gaps[0]!;
      expect(now.latest).toMatchObject({ period: '2024', gap: 10.5 });
      expect(now.latest?.sources.focus.position).toBe(late.position);
      expect(now.target).toMatchObject({ value: 9, period: '2026' });
      expect(now.targetRevisions).toMatchObject([{ position: revised.position, from: { value: 8.5 } }]);
      // travelled: (10.5 − 12.5) / (9 − 12.5) = 57.1 %
      expect(now.travelledPct).toBe(57.1);
    } finally {
      await store.close();
    }
  });
});
