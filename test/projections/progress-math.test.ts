import { describe, expect, it } from 'vitest';
import {
  actualPacePerYear,
  addPeriods,
  curveTurnedBy,
  indicatorStatus,
  isStale,
  journeyTravelledPct,
  journeyTravelledSeries,
  progressFigures,
  projectedReach,
  remaining,
  requiredPacePerYear,
  round1,
  travelledPct,
  worstStatus,
  type Point,
} from '../../projections/progress-math.js';
import { yearsBetween } from '../../src/events/time.js';

// Every expected number below was worked out by hand (and checked with a calculator), not by the code under test.
// Points are dated at their period's last day; a year is 365.25 days, so 2021-12-31 → 2025-12-31 (1,461 days,
// one leap day in 2024) is exactly 4 years.

const p = (date: string, value: number): Point => ({ date, value });

describe('travelledPct', () => {
  it('is the share of baseline → target covered, to one decimal', () => {
    expect(travelledPct(60, 70, 64.7)).toBe(47); // 4.7 / 10 = 47.0 %
    expect(travelledPct(24, 20, 23.6)).toBe(10); // decreasing: −0.4 / −4 = 10.0 %
    expect(travelledPct(60, 70, 66.25)).toBe(62.5);
    expect(travelledPct(60, 70, 60.125)).toBe(1.3); // 1.25 % rounds half away from zero
  });
  it('can be negative or above 100', () => {
    expect(travelledPct(60, 70, 58)).toBe(-20);
    expect(travelledPct(60, 70, 71.5)).toBe(115);
  });
  it('is null when target equals baseline (no distance to travel)', () => expect(travelledPct(5, 5, 6)).toBeNull());
  it('rounds negative halves away from zero', () => expect(round1(-0.05)).toBe(-0.1));
});

describe('remaining', () => {
  it('is target − latest, without floating-point noise', () => {
    expect(remaining(70, 64.7)).toBe(5.3);
    expect(remaining(20, 23.6)).toBe(-3.6);
  });
});

describe('actualPacePerYear (least squares over baseline + measurements)', () => {
  it('is the rise over exactly 4 years for two points', () => {
    expect(actualPacePerYear([p('2021-12-31', 60), p('2025-12-31', 64.8)])).toBe(1.2); // 4.8 / 4
  });
  it('fits a line through five annual points', () => {
    // t (years) = 0, 365/365.25, 730/365.25, 1096/365.25, 1461/365.25; v = 60, 61, 62.5, 63.1, 64.7
    // slope = Σ(t−t̄)(v−v̄) / Σ(t−t̄)² = 1.149795805914866 a year
    const pace = actualPacePerYear([
      p('2021-12-31', 60),
      p('2022-12-31', 61),
      p('2023-12-31', 62.5),
      p('2024-12-31', 63.1),
      p('2025-12-31', 64.7),
    ]);
    expect(pace).toBeCloseTo(1.149795805914866, 10);
  });
  it('is negative for a falling indicator', () => {
    // t = 0, 731/365.25, 1461/365.25; v = 24, 23.5, 23.2 → slope −0.19998856105756124
    expect(actualPacePerYear([p('2020-12-31', 24), p('2022-12-31', 23.5), p('2024-12-31', 23.2)])).toBeCloseTo(
      -0.19998856105756124,
      10,
    );
  });
  it('is null with fewer than two points, or all on one day', () => {
    expect(actualPacePerYear([p('2021-12-31', 60)])).toBeNull();
    expect(actualPacePerYear([p('2021-12-31', 60), p('2021-12-31', 61)])).toBeNull();
  });
});

describe('requiredPacePerYear', () => {
  it('is what is left divided by the years left', () => {
    expect(requiredPacePerYear(p('2029-12-31', 68), p('2025-12-31', 64))).toBe(1); // 4 / 4 years
    // 2025-12-31 → 2026-12-31 is 365 days = 0.99931554 years: 5.3 / (365/365.25) = 5.303630136986299
    expect(requiredPacePerYear(p('2026-12-31', 70), p('2025-12-31', 64.7))).toBeCloseTo(5.303630136986299, 9);
  });
  it('is null when the target date is on or before latest’s date', () => {
    expect(requiredPacePerYear(p('2025-12-31', 70), p('2025-12-31', 64.7))).toBeNull();
    expect(requiredPacePerYear(p('2024-12-31', 70), p('2025-12-31', 64.7))).toBeNull();
  });
});

describe('projectedReach', () => {
  it('adds remaining / pace years to latest’s date', () => {
    expect(projectedReach(p('2025-12-31', 64), 4, 1)).toBe('2029-12-31'); // 4 years = 1,461 days
    expect(projectedReach(p('2025-12-31', 23.6), -3.6, -0.1)).toBe('2061-12-31'); // 36 years = 13,149 days
  });
  it('is null when the pace points away from the target, or is zero', () => {
    expect(projectedReach(p('2025-12-31', 64), 4, -0.5)).toBeNull();
    expect(projectedReach(p('2025-12-31', 64), 4, 0)).toBeNull();
    expect(projectedReach(p('2025-12-31', 64), 4, null)).toBeNull();
  });
});

describe('status', () => {
  const target = p('2029-12-31', 70);
  const latest = p('2025-12-31', 64);
  it('on-track when the actual pace is at least the required pace', () =>
    expect(indicatorStatus({ direction: 'increase', target, latest, actualPace: 1.5, requiredPace: 1.5 })).toBe(
      'on-track',
    ));
  it('at-risk from half the required pace', () =>
    expect(indicatorStatus({ direction: 'increase', target, latest, actualPace: 0.75, requiredPace: 1.5 })).toBe(
      'at-risk',
    ));
  it('off-track below half', () =>
    expect(indicatorStatus({ direction: 'increase', target, latest, actualPace: 0.74, requiredPace: 1.5 })).toBe(
      'off-track',
    ));
  it('compares paces in the improving direction for a decreasing indicator', () => {
    const t = p('2029-12-31', 20);
    const l = p('2025-12-31', 23.6);
    expect(indicatorStatus({ direction: 'decrease', target: t, latest: l, actualPace: -1, requiredPace: -0.9 })).toBe(
      'on-track',
    );
    expect(indicatorStatus({ direction: 'decrease', target: t, latest: l, actualPace: -0.5, requiredPace: -0.9 })).toBe(
      'at-risk',
    );
    expect(indicatorStatus({ direction: 'decrease', target: t, latest: l, actualPace: 0.2, requiredPace: -0.9 })).toBe(
      'off-track',
    );
  });
  it('achieved at or beyond the target in its direction', () => {
    expect(
      indicatorStatus({ direction: 'increase', target, latest: p('2025-12-31', 70), actualPace: 0, requiredPace: 0 }),
    ).toBe('achieved');
    expect(
      indicatorStatus({
        direction: 'decrease',
        target: p('2029-12-31', 20),
        latest: p('2025-12-31', 19.5),
        actualPace: null,
        requiredPace: null,
      }),
    ).toBe('achieved');
  });
  it('no-data without a measurement', () =>
    expect(indicatorStatus({ direction: 'increase', target, latest: null, actualPace: null, requiredPace: null })).toBe(
      'no-data',
    ));
  it('a journey is as bad as its worst indicator', () => {
    expect(worstStatus(['achieved', 'on-track', 'no-data'])).toBe('no-data');
    expect(worstStatus(['on-track', 'off-track', 'at-risk'])).toBe('off-track');
    expect(worstStatus([])).toBe('no-data');
  });
});

describe('stale', () => {
  it('is more than two periods after the latest point', () => {
    // quarterly, latest 2025-09-30 (2025-Q3): two quarters later is 2026-03-31
    expect(addPeriods('2025-09-30', 'quarterly', 2)).toBe('2026-03-31');
    expect(isStale('2026-03-31', '2025-09-30', 'quarterly')).toBe(false);
    expect(isStale('2026-04-01', '2025-09-30', 'quarterly')).toBe(true);
    expect(isStale('2027-12-31', '2025-12-31', 'annual')).toBe(false);
    expect(isStale('2028-01-01', '2025-12-31', 'annual')).toBe(true);
    expect(addPeriods('2026-01-31', 'monthly', 1)).toBe('2026-02-28');
  });
});

describe('curveTurnedBy', () => {
  it('is latest minus the do-nothing line at latest’s date', () => {
    // do-nothing: 60 (2021-12-31) → 58 (2029-12-31); at 2025-12-31 (half way, 1,461 of 2,922 days) it is 59; 64 − 59 = 5
    expect(curveTurnedBy(p('2025-12-31', 64), p('2021-12-31', 60), p('2029-12-31', 58))).toBe(5);
  });
  it('is null without a do-nothing forecast', () =>
    expect(curveTurnedBy(p('2025-12-31', 64), p('2021-12-31', 60), undefined)).toBeNull());
});

describe('progressFigures: hand-worked indicators', () => {
  it('an increasing indicator off its pace', () => {
    const f = progressFigures({
      direction: 'increase',
      frequency: 'annual',
      baseline: p('2021-12-31', 60),
      target: p('2026-12-31', 70),
      measurements: [p('2022-12-31', 61), p('2023-12-31', 62.5), p('2024-12-31', 63.1), p('2025-12-31', 64.7)],
      referenceDay: '2026-03-01',
    });
    expect(f.latest).toEqual(p('2025-12-31', 64.7));
    expect(f.travelledPct).toBe(47);
    expect(f.remaining).toBe(5.3);
    expect(f.actualPacePerYear).toBeCloseTo(1.149795805914866, 10);
    expect(f.requiredPacePerYear).toBeCloseTo(5.303630136986299, 9);
    // 5.3 / 1.149795805914866 = 4.6095 years = 1,683.6 days → 1,684 days after 2025-12-31
    expect(f.projectedReach).toBe('2030-08-11');
    expect(f.status).toBe('off-track'); // 1.15 < half of 5.30
    expect(f.stale).toBe(false);
    expect(f.curveTurnedBy).toBeNull();
  });
  it('a decreasing indicator whose target date has passed unmet is off-track with no required pace', () => {
    const f = progressFigures({
      direction: 'decrease',
      frequency: 'annual',
      baseline: p('2020-12-31', 24),
      target: p('2023-12-31', 20),
      measurements: [p('2022-12-31', 23.5), p('2024-12-31', 23.2)],
      referenceDay: '2025-06-30',
    });
    expect(f.travelledPct).toBe(20); // −0.8 / −4
    expect(f.remaining).toBe(-3.2);
    expect(f.requiredPacePerYear).toBeNull();
    // −3.2 / −0.19998856105756124 = 16.0009 years = 5,844.3 days → 2040-12-31
    expect(f.projectedReach).toBe('2040-12-31');
    expect(f.status).toBe('off-track');
  });
  it('ties on date go to the measurement recorded last', () => {
    const f = progressFigures({
      direction: 'increase',
      frequency: 'annual',
      baseline: p('2021-12-31', 60),
      target: p('2029-12-31', 70),
      measurements: [p('2025-12-31', 63), p('2025-12-31', 64)],
      referenceDay: '2026-01-01',
    });
    expect(f.latest?.value).toBe(64);
  });
  it('no data: every figure null, status no-data, stale judged from the baseline', () => {
    const f = progressFigures({
      direction: 'increase',
      frequency: 'annual',
      baseline: p('2021-12-31', 60),
      target: p('2029-12-31', 70),
      measurements: [],
      referenceDay: '2026-11-25',
    });
    expect(f).toEqual({
      latest: null,
      travelledPct: null,
      remaining: null,
      actualPacePerYear: null,
      requiredPacePerYear: null,
      projectedReach: null,
      status: 'no-data',
      stale: true,
      curveTurnedBy: null,
    });
  });
  it('yearsBetween counts 365.25-day years', () => expect(yearsBetween('2021-12-31', '2029-12-31')).toBe(8));
});

describe("a journey's travelled figure", () => {
  // Issue 15: "Off track — Travelled 104.5%": one indicator past its target lifted the plain mean above 100.
  it('caps each indicator at 100 before taking the mean, and rounds once at the end', () => {
    // 60 → 70, latest 71.5: 115 % → counts 100. 24 → 20 (falling), latest 23.6: 10 %. 0 → 3, latest 1: 33.333…%.
    // (100 + 10 + 33.333…) / 3 = 47.777… → 47.8.
    expect(
      journeyTravelledPct([
        { baseline: 60, target: 70, latest: 71.5 },
        { baseline: 24, target: 20, latest: 23.6 },
        { baseline: 0, target: 3, latest: 1 },
      ]),
    ).toBe(47.8);
    // 0 → 8, latest 0.1: 1.25 %; latest 0.3: 3.75 %; mean 2.5. Rounding each first would give (1.3 + 3.8) / 2 = 2.55 → 2.6.
    expect(
      journeyTravelledPct([
        { baseline: 0, target: 8, latest: 0.1 },
        { baseline: 0, target: 8, latest: 0.3 },
      ]),
    ).toBe(2.5);
  });

  it('counts an indicator that went backwards as negative, leaves out those without data, and is null with none', () => {
    // 60 → 70, latest 58: −20 %; 60 → 70, latest 65: 50 %; mean 15.
    expect(
      journeyTravelledPct([
        { baseline: 60, target: 70, latest: 58 },
        { baseline: 60, target: 70, latest: 65 },
        { baseline: 60, target: 70, latest: null },
      ]),
    ).toBe(15);
    expect(journeyTravelledPct([{ baseline: 60, target: 70, latest: null }])).toBeNull();
    expect(journeyTravelledPct([])).toBeNull();
  });

  it('never exceeds 100, whatever the indicators did', () => {
    expect(
      journeyTravelledPct([
        { baseline: 0, target: 10, latest: 30 },
        { baseline: 10, target: 0, latest: -5 },
      ]),
    ).toBe(100);
  });

  it('traces the figure at each date an indicator was measured, each counting with its latest point by then', () => {
    // A: 60 → 70 measured 62 (2023) and 66 (2025); B: 0 → 4 measured 1 (2024).
    // 2023-12-31: A 20 %, B no data → 20. 2024-12-31: A 20 %, B 25 % → 22.5. 2025-12-31: A 60 %, B 25 % → 42.5.
    expect(
      journeyTravelledSeries([
        {
          baseline: 60,
          target: 70,
          points: [p('2025-12-31', 66), p('2023-12-31', 62)],
        },
        { baseline: 0, target: 4, points: [p('2024-12-31', 1)] },
      ]),
    ).toEqual([p('2023-12-31', 20), p('2024-12-31', 22.5), p('2025-12-31', 42.5)]);
  });
});
