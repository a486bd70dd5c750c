import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalsApart, formatNumber } from '../../src/present/format.js';
import { progressSentences, type ProgressFacts } from '../../src/reports/sentences.js';

/** A rate from 60.0% (2021) to 70.0% by 2026, as in the report's example; each test changes what it is about. */
const facts = (over: Partial<ProgressFacts> = {}): ProgressFacts => ({
  journeyId: 'school-readiness',
  name: 'Good level of development',
  unit: '%',
  direction: 'increase',
  baseline: { value: 60, period: '2021' },
  target: { value: 70, period: '2026', date: '2026-12-31' },
  latest: { value: 64.7, period: '2025-Q3', date: '2025-09-30', position: '42', corrected: false },
  travelledPct: 47,
  actualPacePerYear: 1.2,
  requiredPacePerYear: 4.2,
  projectedReach: '2029-06-30',
  status: 'off-track',
  stale: false,
  curveTurnedBy: null,
  definedAt: '3',
  correctionPositions: [],
  targetRevisions: [],
  ...over,
});
const texts = (f: ProgressFacts) => progressSentences(f).map((s) => s.text);

describe('progress sentences', () => {
  it("says a rising rate, the distance travelled and the pace, in the report's voice, citing the definition and the measurement", () => {
    const s = progressSentences(facts());
    expect(s.map((x) => x.text)).toEqual([
      'Since the 2021 baseline the figure has risen from 60.0% to 64.7% in Q3 2025, 47% of the way to the 2026 target of 70.0%, with 5.3 points still to travel.',
      'At the current pace (+1.2 points a year) the target would be reached in 2029; 4.2 points a year are needed. This indicator is off track.',
    ]);
    expect(s[0]?.cites).toEqual([
      { journeyId: 'school-readiness', position: '3' },
      { journeyId: 'school-readiness', position: '42' },
    ]);
  });

  it('says "fallen" for a falling figure that is improving, with its unit and en-GB numbers', () => {
    expect(
      texts(
        facts({
          unit: 'per 1,000 residents',
          direction: 'decrease',
          baseline: { value: 1098, period: '2020' },
          target: { value: 985, period: '2026', date: '2026-12-31' },
          latest: { value: 1021.5, period: '2025-Q3', date: '2025-09-30', position: '9', corrected: false },
          travelledPct: 67.7,
          actualPacePerYear: -16.25,
          requiredPacePerYear: -29.9,
          projectedReach: '2028-01-31',
          status: 'at-risk',
        }),
      ),
    ).toEqual([
      'Since the 2020 baseline the figure has fallen from 1,098.0 per 1,000 residents to 1,021.5 per 1,000 residents in Q3 2025, 68% of the way to the 2026 target of 985.0 per 1,000 residents, with 36.5 per 1,000 residents still to travel.',
      'At the current pace (−16.3 per 1,000 residents a year) the target would be reached in 2028; 29.9 per 1,000 residents a year are needed. This indicator is at risk.',
    ]);
  });

  it('says a target met, and no pace', () => {
    expect(
      texts(
        facts({
          latest: { value: 70.4, period: '2026-Q2', date: '2026-06-30', position: '50', corrected: true },
          travelledPct: 104,
          status: 'achieved',
          requiredPacePerYear: null,
          projectedReach: null,
        }),
      ),
    ).toEqual([
      'Since the 2021 baseline the figure has risen from 60.0% to 70.4% in Q2 2026 (a corrected figure), beyond the 2026 target of 70.0%.',
      'The target has been met. This indicator is achieved.',
    ]);
  });

  it('says off track when the figure moves away from its target', () => {
    expect(
      texts(
        facts({
          unit: '%',
          direction: 'decrease',
          baseline: { value: 19.5, period: '2020' },
          target: { value: 14, period: '2026', date: '2026-12-31' },
          latest: { value: 20.1, period: '2024', date: '2024-12-31', position: '77', corrected: false },
          travelledPct: -10.9,
          actualPacePerYear: 0.15,
          requiredPacePerYear: -3.05,
          projectedReach: null,
          status: 'off-track',
        }),
      ),
    ).toEqual([
      'Since the 2020 baseline the figure has risen from 19.5% to 20.1% in 2024, moving away from the 2026 target of 14.0%.',
      'At the current pace (+0.2 points a year) the figure is not moving towards the target; 3.1 points a year are needed. This indicator is off track.',
    ]);
  });

  it('says when nothing has been measured yet, with no figures it does not have', () => {
    expect(
      texts(
        facts({
          latest: null,
          travelledPct: null,
          actualPacePerYear: null,
          requiredPacePerYear: null,
          projectedReach: null,
          status: 'no-data',
        }),
      ),
    ).toEqual([
      'No measurement has been recorded yet against the 2021 baseline of 60%; the 2026 target of 70% still stands.',
    ]);
  });

  it('calls out a stale indicator, and a curve turned against the do-nothing forecast', () => {
    const s = texts(
      facts({
        stale: true,
        curveTurnedBy: 3.14,
        latest: { value: 64.7, period: '2025-Q1', date: '2025-03-31', position: '42', corrected: false },
      }),
    );
    expect(s.slice(2)).toEqual([
      'The latest figure is for Q1 2025 and none has been recorded since, so this indicator is stale: its status may be out of date.',
      'The figure is 3.1 points better than the “if nothing changes” forecast for Q1 2025: the curve has turned.',
    ]);
  });

  it('says when the target date has passed unmet, and makes a moved goalpost visible', () => {
    expect(
      texts(
        facts({
          requiredPacePerYear: null,
          projectedReach: null,
          status: 'off-track',
          targetRevisions: [
            {
              from: { value: 72, period: '2026' },
              to: { value: 70, period: '2026' },
              reason: 'A national method change.',
              decidedBy: 'the Board',
              recordedAt: '2024-05-21T10:00:00.000Z',
              position: '30',
            },
          ],
        }),
      ).slice(1),
    ).toEqual([
      'The target date (31 December 2026) has passed without the target being met. This indicator is off track.',
      'On 21 May 2024 the target was revised from 72.0% by 2026 to 70.0% by 2026, decided by the Board: A national method change.',
    ]);
  });

  it('uses the singular for one point a year', () => {
    expect(texts(facts({ requiredPacePerYear: 1 }))[1]).toBe(
      'At the current pace (+1.2 points a year) the target would be reached in 2029; 1.0 point a year is needed. This indicator is off track.',
    );
  });

  it('writes the two paces with enough decimals to tell them apart, so rounding never hides why it is at risk', () => {
    // −0.432 against −0.436 needed: at one decimal both read 0.4, and "at risk" would look wrong.
    expect(
      texts(
        facts({
          direction: 'decrease',
          baseline: { value: 6.8, period: '2020' },
          target: { value: 4.5, period: '2026', date: '2026-12-31' },
          latest: { value: 5.1, period: '2025-Q2', date: '2025-06-30', position: '9', corrected: false },
          travelledPct: 73.9,
          actualPacePerYear: -0.432,
          requiredPacePerYear: -0.436,
          projectedReach: '2026-12-20',
          status: 'at-risk',
        }),
      )[1],
    ).toBe(
      'At the current pace (−0.43 points a year) the target would be reached in 2026, in time; 0.44 points a year are needed. This indicator is at risk.',
    );
  });

  it('says a projected date already past at the end of the quarter as past', () => {
    expect(
      texts(
        facts({
          referenceDay: '2025-09-30',
          latest: { value: 84.5, period: '2025-Q2', date: '2025-06-30', position: '42', corrected: false },
          actualPacePerYear: 3.7,
          requiredPacePerYear: 0.3,
          projectedReach: '2025-07-30',
          status: 'on-track',
        }),
      )[1],
    ).toBe(
      'At the current pace (+3.7 points a year) the target would already have been reached in July 2025, a date now past, though no figure since Q2 2025 shows it; 0.3 points a year are needed. This indicator is on track.',
    );
  });

  it('cites the revision behind a revised target, and what the revision replaced', () => {
    const revision = {
      from: { value: 72, period: '2026' },
      to: { value: 70, period: '2026' },
      reason: 'A national method change.',
      decidedBy: 'the Board',
      recordedAt: '2024-05-21T10:00:00.000Z',
      position: '30',
    };
    const s = progressSentences(facts({ targetRevisions: [revision, { ...revision, position: '35' }] }));
    expect(s[0]?.cites.map((c) => c.position)).toEqual(['3', '35', '42']);
    expect(s.slice(-2).map((x) => x.cites.map((c) => c.position))).toEqual([
      ['3', '30'],
      ['30', '35'],
    ]);
  });

  it('cites every figure the pace is fitted to', () => {
    const s = progressSentences(facts({ pacePositions: ['40', '41', '42'] }));
    expect(s[1]?.cites.map((c) => c.position)).toEqual(['3', '42', '40', '41']);
  });
});

describe('decimals that tell two paces apart', () => {
  it('are the fewest (from one) at which the two read differently, when they differ by more than the last place', () => {
    const pace = fc.double({ min: -50, max: 50, noNaN: true });
    fc.assert(
      fc.property(pace, pace, (a, b) => {
        fc.pre(Math.abs(Math.abs(a) - Math.abs(b)) >= 2e-4);
        const d = decimalsApart(a, b);
        expect(formatNumber(Math.abs(a), d)).not.toBe(formatNumber(Math.abs(b), d));
        if (d > 1) expect(formatNumber(Math.abs(a), d - 1)).toBe(formatNumber(Math.abs(b), d - 1));
      }),
    );
  });

  it('stay at one decimal when one is enough, and stop at four', () => {
    expect(decimalsApart(1.2, 4.2)).toBe(1);
    expect(decimalsApart(-0.43, 0.44)).toBe(2);
    expect(decimalsApart(0.4, 0.4)).toBe(4);
  });
});
