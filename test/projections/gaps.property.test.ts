import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldAll, type LedgerProjections } from '../../projections/index.js';
import { gapsAnswer, overviewAnswer, progressAnswer, type ReadContext } from '../../projections/read-model.js';
import { buildLedger, isGroupOp, ledgerOp } from './random-ledger.js';

const ctx = (states: LedgerProjections): ReadContext => ({
  states,
  referenceDay: '2026-11-25',
  asOf: '2026-11-25T00:00:00.000Z',
  at: null,
});

/**
 * Every whole-population figure of every indicator and journey, without the ledger positions (a ledger with group
 * events in it numbers its events differently; everything else must be the same).
 */
function wholePopulationFigures(states: LedgerProjections) {
  const c = ctx(states);
  const journeys = ['j1', 'j2'].map((j) => {
    const p = progressAnswer(c, j);
    return {
      status: p?.status,
      indicators: p?.indicators.map((i) => ({
        ...i,
        latest: i.latest && { ...i.latest, position: undefined },
      })),
    };
  });
  const overview = overviewAnswer(c).journeys.map((j) => ({
    journeyId: j.journeyId,
    status: j.status,
    travelledPct: j.travelledPct,
  }));
  return { journeys, overview };
}

describe('property: group figures never change the whole population’s', () => {
  it('a ledger with groups, group measurements, their corrections and gaps has the same whole-population figures as without them', () => {
    fc.assert(
      fc.property(fc.array(ledgerOp, { minLength: 1, maxLength: 60 }), (ops) => {
        const withGroups = foldAll(buildLedger(ops));
        const without = foldAll(buildLedger(ops.filter((op) => !isGroupOp(op))));
        expect(wholePopulationFigures(withGroups)).toEqual(wholePopulationFigures(without));
        // And the group events did go somewhere when there were any.
        const groupMeasured = ops.some((op) => op.k === 'measureGroup' && op.ind !== 'i3');
        if (groupMeasured) {
          const series = ['i1', 'i2'].flatMap((i) => gapsAnswer(ctx(withGroups), i)?.groups ?? []);
          expect(series.some((g) => g.points.length > 0)).toBe(true);
        }
      }),
      { numRuns: 200, seed: 20261129 },
    );
  });
});
