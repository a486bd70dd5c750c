import { describe, expect, it } from 'vitest';
import { gapFigures, gapPoints, groupFigures, type SeriesFigure } from '../../projections/gap-math.js';
import type { Point } from '../../projections/progress-math.js';

// Every expected number below was worked out by hand (and checked with a calculator), not by the code under test.
// Points are dated at their period's last day; a year is 365.25 days. Days from 2021-12-31: 2022-12-31 is 365,
// 2023-12-31 is 730, 2024-12-31 is 1,096 (2024 has a leap day).

let pos = 0;
/** A figure of one series, recorded at the next position. */
const fig = (period: string, value: number): SeriesFigure => ({
  period,
  date: period.length === 4 ? `${period}-12-31` : '2024-12-31',
  value,
  position: String(++pos),
});
const p = (date: string, value: number): Point => ({ date, value });

describe('an increasing indicator, a focus group against a comparator group', () => {
  // Healthy life expectancy (years): the most deprived decile (focus) behind the least deprived (comparator).
  const focus = [fig('2021', 51), fig('2022', 52), fig('2023', 53), fig('2024', 54.5)];
  const comparator = [fig('2022', 64), fig('2023', 64.5), fig('2024', 65), fig('2025', 65.5)];
  const points = gapPoints('increase', focus, comparator);

  it('has a point only for the periods both sides have a figure for: comparator − focus', () => {
    // 2021: no comparator figure; 2025: no focus figure. 64 − 52 = 12, 64.5 − 53 = 11.5, 65 − 54.5 = 10.5.
    expect(points.map((x) => [x.period, x.date, x.value])).toEqual([
      ['2022', '2022-12-31', 12],
      ['2023', '2023-12-31', 11.5],
      ['2024', '2024-12-31', 10.5],
    ]);
    expect(points[2]?.focus.value).toBe(54.5);
    expect(points[2]?.comparator.value).toBe(65);
  });

  it('has the progress figures of [baseline, gap points], direction decrease', () => {
    const f = gapFigures({
      frequency: 'annual',
      baseline: p('2021-12-31', 12.5),
      target: p('2025-12-31', 8.5),
      points,
      referenceDay: '2026-06-30',
    });
    expect(f.latest?.value).toBe(10.5);
    expect(f.travelledPct).toBe(50); // (10.5 − 12.5) / (8.5 − 12.5) = −2 / −4
    expect(f.remaining).toBe(-2); // 8.5 − 10.5
    // days 0, 365, 730, 1096; gaps 12.5, 12, 11.5, 10.5: mean day 547.75, mean gap 11.625;
    // Σ(d−d̄)(v−v̄) = −1,187.375, Σ(d−d̄)² = 667,220.75 → −1,187.375 / 667,220.75 × 365.25 = −0.6499928528152039 a year
    expect(f.actualPacePerYear).toBeCloseTo(-0.6499928528152039, 10);
    // −2 over 365 days (2024-12-31 → 2025-12-31) = −2 / (365 / 365.25)
    expect(f.requiredPacePerYear).toBeCloseTo(-2.0013698630136987, 10);
    // −2 / −0.64999 = 3.07696 years = 1,123.86 days → 1,124 days after 2024-12-31
    expect(f.projectedReach).toBe('2028-01-29');
    // Narrowing at 0.65 a year against 2.0 needed: below half → off-track.
    expect(f.status).toBe('off-track');
    expect(f.widening).toBe(false);
    expect(f.stale).toBe(false); // 2026-06-30 is within two years of 2024-12-31
    expect(f.curveTurnedBy).toBeNull(); // no do-nothing forecast
  });

  it('gives each group its latest figure and the least-squares pace of its own series', () => {
    // focus: days 0, 365, 730, 1096 from 2021-12-31; 51, 52, 53, 54.5: mean day 547.75, mean 52.625;
    // Σ(d−d̄)(v−v̄) = 547.75·1.625 + 182.75·0.625 + 182.25·0.375 + 548.25·1.875 = 2,100.625 → × 365.25 / 667,220.75
    const g = groupFigures(focus);
    expect(g.latest?.value).toBe(54.5);
    expect(g.actualPacePerYear).toBeCloseTo(1.1499241911316458, 10);
    expect(groupFigures([])).toEqual({ latest: null, actualPacePerYear: null });
  });
});

describe('a decreasing indicator, a focus group against the whole population (all)', () => {
  // Adults who smoke (%): routine and manual workers (focus) above the whole population.
  const all = [fig('2022', 15), fig('2023', 14.2)];
  const focus = [fig('2022', 25), fig('2023', 23), fig('2024', 22)];
  const points = gapPoints('decrease', focus, all);

  it('is focus − comparator, and skips the period only the focus group has', () => {
    expect(points.map((x) => [x.period, x.value])).toEqual([
      ['2022', 10],
      ['2023', 8.8],
    ]);
  });

  it('has every figure, the do-nothing forecast included', () => {
    const f = gapFigures({
      frequency: 'annual',
      baseline: p('2021-12-31', 11),
      target: p('2026-12-31', 6),
      doNothing: p('2026-12-31', 11.5),
      points,
      referenceDay: '2026-11-25',
    });
    expect(f.latest?.value).toBe(8.8);
    expect(f.travelledPct).toBe(44); // (8.8 − 11) / (6 − 11) = −2.2 / −5
    expect(f.remaining).toBe(-2.8);
    // days 0, 365, 730; 11, 10, 8.8: Σ(d−d̄)(v−v̄) = 365 · (−2.2), Σ(d−d̄)² = 2 · 365² → −2.2 / 730 × 365.25
    expect(f.actualPacePerYear).toBeCloseTo(-1.100753424657534, 10);
    // −2.8 over 1,096 days (2023-12-31 → 2026-12-31) = −2.8 / 3.000684… years
    expect(f.requiredPacePerYear).toBeCloseTo(-0.9331204379562046, 10);
    expect(f.status).toBe('on-track'); // narrowing 1.10 a year, 0.93 needed
    // −2.8 / −1.10075 = 2.54371 years = 929.09 days after 2023-12-31
    expect(f.projectedReach).toBe('2026-07-17');
    // The forecast runs 11 → 11.5 over 1,826 days: at 730 days 11 + 0.5 · 730 / 1,826 = 11.19989…; 8.8 − that:
    expect(f.curveTurnedBy).toBeCloseTo(-2.399890470974807, 10);
    expect(f.widening).toBe(false);
    expect(f.stale).toBe(true); // 2026-11-25 is more than two years after 2023-12-31
  });
});

describe('a widening gap', () => {
  it('is widening, has no projected closure and is off-track', () => {
    const focus = [fig('2022', 60), fig('2023', 59)];
    const comparator = [fig('2022', 65.5), fig('2023', 65.5)];
    const points = gapPoints('increase', focus, comparator); // 5.5, 6.5
    const f = gapFigures({
      frequency: 'annual',
      baseline: p('2021-12-31', 5),
      target: p('2026-12-31', 3),
      points,
      referenceDay: '2024-06-30',
    });
    // days 0, 365, 730; 5, 5.5, 6.5: Σ(d−d̄)(v−v̄) = 365 · 1.5 → 1.5 / 730 × 365.25 = 0.7505136986301370 a year
    expect(f.actualPacePerYear).toBeCloseTo(0.750513698630137, 10);
    expect(f.widening).toBe(true);
    expect(f.projectedReach).toBeNull();
    expect(f.travelledPct).toBe(-75); // (6.5 − 5) / (3 − 5) = 1.5 / −2
    expect(f.status).toBe('off-track');
  });
});

describe('edges', () => {
  it('with no period on both sides, has no figures: no-data, not widening, staleness from the baseline', () => {
    const points = gapPoints('increase', [fig('2022', 50)], [fig('2023', 60)]);
    expect(points).toEqual([]);
    const f = gapFigures({
      frequency: 'annual',
      baseline: p('2021-12-31', 10),
      target: p('2026-12-31', 5),
      points,
      referenceDay: '2024-06-30',
    });
    expect(f).toMatchObject({ latest: null, travelledPct: null, status: 'no-data', widening: false, stale: true });
  });

  it('pairs periods exactly: 2024 and 2024-Q4 end on one day but are two points, the later-completed one latest', () => {
    const focus = [fig('2024', 50), fig('2024-Q4', 51)];
    const comparator = [fig('2024-Q4', 60), fig('2024', 62)];
    const points = gapPoints('increase', focus, comparator);
    // 2024-Q4 completed at the comparator's 2024-Q4 (third figure), 2024 at the fourth: ledger order.
    expect(points.map((x) => [x.period, x.value])).toEqual([
      ['2024-Q4', 9],
      ['2024', 12],
    ]);
    const f = gapFigures({
      frequency: 'quarterly',
      baseline: p('2023-12-31', 13),
      target: p('2026-12-31', 5),
      points,
      referenceDay: '2025-01-15',
    });
    expect(f.latest?.period).toBe('2024');
  });

  it('takes a series’ last-recorded figure when it holds two for one period', () => {
    const points = gapPoints('increase', [fig('2023', 50), fig('2023', 51)], [fig('2023', 60)]);
    expect(points.map((x) => x.value)).toEqual([9]);
  });
});
