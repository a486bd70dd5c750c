import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldAll, type LedgerProjections } from '../../projections/index.js';
import {
  gapsAnswer,
  indicatorAnswer,
  overviewAnswer,
  progressAnswer,
  type ReadContext,
} from '../../projections/read-model.js';
import { buildLedger, isGroupOp, ledgerOp } from './random-ledger.js';

const ctx = (states: LedgerProjections): ReadContext => ({
  states,
  referenceDay: '2026-11-25',
  asOf: '2026-11-25T00:00:00.000Z',
  at: null,
});

/**
 * Every whole-population figure of every indicator and journey (and each indicator's own answer), without the ledger positions (a ledger with group
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
  // Every indicator's own answer (i3 tracks no journey unless a plan names it): its figures, its whole-population
  // measurements with their corrections, its target revisions, and the whole-population series beside its gaps.
  const unplaced = <T extends { position: string }>({ position: _p, ...rest }: T) => rest;
  const indicators = ['i1', 'i2', 'i3'].map((i) => {
    const a = indicatorAnswer(c, i);
    const whole = gapsAnswer(c, i)?.wholePopulation;
    return (
      a && {
        progress: { ...a.progress, latest: a.progress.latest && unplaced(a.progress.latest) },
        measurements: a.measurements.map((m) => ({ ...unplaced(m), corrections: m.corrections.map(unplaced) })),
        corrections: a.corrections.filter((x) => x.group === undefined).map(unplaced),
        targetRevisions: a.targetRevisions.map(unplaced),
        wholePopulation: whole && {
          latest: whole.latest && unplaced({ ...whole.latest, correctionPositions: undefined }),
          actualPacePerYear: whole.actualPacePerYear,
          points: whole.points.map((p) => unplaced({ ...p, correctionPositions: undefined })),
        },
      }
    );
  });
  return { journeys, overview, indicators };
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
