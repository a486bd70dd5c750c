import { describe, expect, it } from 'vitest';
import type { GapProgress, GroupProgress } from '../../projections/gap-progress.js';
import { gapWords, groupWords } from '../../src/web/gap-words.js';

const point = (period: string, date: string, focus: number, comparator: number) => ({
  period,
  date,
  focus,
  comparator,
  gap: Math.round((comparator - focus) * 10) / 10,
  sources: {
    focus: { measurementId: `f-${period}`, position: '1', correctionPositions: [] },
    comparator: { measurementId: `c-${period}`, position: '2', correctionPositions: [] },
  },
});

/**
 * A gap of 12 points in 2020 to close to 6 by 2027, at 9.5 in 2024. Its figures, worked by hand as
 * projections/gap-math.ts defines them:
 *   travelledPct = (9.5 − 12) / (6 − 12) × 100 = 41.7; remaining = 6 − 9.5 = −3.5;
 *   requiredPacePerYear = −3.5 / (1095 / 365.25 years) = −1.167 a year; the pace achieved is given as −0.8.
 */
const gap = (over: Partial<GapProgress> = {}): GapProgress => ({
  gapId: 'fsm-gap',
  name: 'The free school meals gap',
  focusGroup: 'fsm',
  focusGroupName: 'Children on free school meals',
  comparatorGroup: 'all',
  comparatorGroupName: 'Whole population',
  baseline: { value: 12, period: '2020', date: '2020-12-31' },
  target: { value: 6, period: '2027', date: '2027-12-31' },
  doNothing: null,
  latest: point('2024', '2024-12-31', 55, 64.5),
  points: [point('2024', '2024-12-31', 55, 64.5)],
  travelledPct: 41.7,
  remaining: -3.5,
  actualPacePerYear: -0.8,
  requiredPacePerYear: -1.1674,
  projectedReach: '2029-05-01',
  status: 'at-risk',
  stale: false,
  curveTurnedBy: null,
  widening: false,
  definedBy: { id: 'a', name: 'Ann', role: 'contributor' },
  definedAt: '2021-02-01T09:00:00.000Z',
  position: '5',
  targetRevisions: [],
  ...over,
});

describe('a gap in words', () => {
  it('says how far it has narrowed, what is still to close, the paces and when it would close, in points', () => {
    expect(gapWords(gap(), '%', '2026-11-25')).toEqual({
      now: '9.5 points in 2024',
      travelled: '2.5 points narrower than in 2020: 41.7% of the way',
      stillToClose: '3.5 points to close',
      paceAchieved: 'narrowing by 0.80 points a year',
      paceNeeded: 'narrowing by 1.17 points a year',
      closure: 'Would close to its target around 1 May 2029',
      deadline: '6.0 points by 2027',
      against: 'everyone',
      brief: '41.7% of the way; narrowing by 0.80 points a year, where narrowing by 1.17 points a year is needed',
      story: [
        'From a gap of 12.0 points in 2020 to 9.5 points in 2024: 41.7% of the way to 6.0 points by 2027.',
        'At the current pace (narrowing by 0.80 points a year) it would close to its target around 1 May 2029; narrowing by 1.17 points a year is needed.',
      ],
    });
  });

  it('says a widening gap is widening, never as distance travelled', () => {
    const w = gapWords(
      gap({
        latest: point('2024', '2024-12-31', 52, 64.4),
        travelledPct: -6.7,
        remaining: -6.4,
        actualPacePerYear: 0.3,
        requiredPacePerYear: -2.136,
        projectedReach: null,
        status: 'off-track',
        widening: true,
      }),
      '%',
      '2026-11-25',
    );
    expect(w.travelled).toBe('None: 0.4 points wider than in 2020');
    expect(w.paceAchieved).toBe('widening by 0.30 points a year');
    expect(w.closure).toBe('Would not close: the gap is widening');
    expect(w.brief).toBe(
      '0.4 points wider than at the start; widening by 0.30 points a year, where narrowing by 2.14 points a year is needed',
    );
    expect(w.story[1]).toBe(
      'At the current pace (widening by 0.30 points a year) it would not close to its target; narrowing by 2.14 points a year is needed.',
    );
  });

  it('says a target met, with what is to spare and no pace needed; years in years', () => {
    const met = gapWords(
      gap({
        latest: point('2024', '2024-12-31', 60, 65.5),
        travelledPct: 108.3,
        remaining: 0.5,
        requiredPacePerYear: null,
        projectedReach: null,
        status: 'achieved',
        comparatorGroup: 'least',
        comparatorGroupName: 'Least deprived',
      }),
      'years',
      '2026-11-25',
    );
    expect(met.now).toBe('5.5 years in 2024');
    expect(met.travelled).toBe('6.5 years narrower than in 2020: 100.0% of the way');
    expect(met.stillToClose).toBe('None: the target is met, with 0.5 years to spare');
    expect(met.paceNeeded).toBe('None: the target is met');
    expect(met.closure).toBe('The target is met');
    expect(met.against).toBe('Least deprived');
    expect(met.brief).toBe('Target met: 5.5 years in 2024');
  });

  it('says a passed deadline and a gap with no period measured on both sides', () => {
    const late = gapWords(
      gap({ requiredPacePerYear: null, status: 'off-track', projectedReach: null }),
      '%',
      '2028-02-01',
    );
    expect(late.paceNeeded).toBe('The target date has passed');
    expect(late.story[1]).toBe('The target date has passed without the target being met.');
    const none = gapWords(
      gap({
        latest: null,
        points: [],
        travelledPct: null,
        remaining: null,
        actualPacePerYear: null,
        status: 'no-data',
      }),
      '%',
      '2026-11-25',
    );
    expect(none.now).toBeNull();
    expect(none.brief).toBe('No period has a figure for both Children on free school meals and everyone yet');
    expect(none.story).toEqual([
      'It starts from a gap of 12.0 points in 2020 and should close to 6.0 points by 2027. No period has a figure for both Children on free school meals and everyone yet.',
    ]);
  });

  it('says a group’s latest figure and the pace of its own series', () => {
    const g: GroupProgress = {
      groupId: 'fsm',
      name: 'Children on free school meals',
      latest: {
        measurementId: 'm',
        period: '2024',
        date: '2024-12-31',
        value: 55,
        recordedAt: '2025-01-10T09:00:00.000Z',
        position: '9',
        corrected: false,
        correctionPositions: [],
      },
      actualPacePerYear: 1.25,
      points: [],
      position: '3',
    };
    expect(groupWords(g, '%')).toEqual({ latest: '55.0% in 2024', pace: '+1.25 points a year' });
    expect(groupWords({ ...g, latest: null, actualPacePerYear: null }, '%')).toEqual({ latest: null, pace: null });
  });
});
