import type { IndicatorProgress } from '../../projections/progress.js';
import {
  decimalsOf,
  formatDate,
  formatDifference,
  formatNumber,
  formatSignedDifference,
  formatValue,
  periodLabel,
} from '../present/format.js';
import { howLong } from '../present/words.js';

/**
 * The progress figures as a page says them (docs/decisions.md, "Web: figures in words"): every number with its unit
 * ("points" for a percentage), nothing still to travel once a target is met (how far beyond it instead), no pace
 * needed for a target met, and a deadline that has passed said as such. The figures themselves are the
 * projections' (projections/progress-math.ts); this only words them.
 */
export interface IndicatorWords {
  latest: string | null;
  travelled: string | null;
  stillToGo: string | null;
  paceAchieved: string | null;
  paceNeeded: string | null;
  deadline: string;
  reach: string | null;
  againstDoNothing: string | null;
  /** The story behind the curve, in two or three sentences. */
  story: string[];
}

export function indicatorWords(p: IndicatorProgress, referenceDay: string): IndicatorWords {
  const decimals = Math.max(
    1,
    ...[p.baseline.value, p.target.value, ...(p.latest ? [p.latest.value] : [])].map(decimalsOf),
  );
  const value = (n: number) => formatValue(n, p.unit, decimals);
  const diff = (n: number) => formatDifference(n, p.unit, decimals);
  const pace = (n: number) => `${formatSignedDifference(n, p.unit, decimals + 1)} a year`;
  const deadline = `${value(p.target.value)} by ${periodLabel(p.target.period)}`;
  const achieved = p.status === 'achieved';
  const targetPassed = p.target.date <= referenceDay;
  if (!p.latest) {
    return {
      latest: null,
      travelled: null,
      stillToGo: null,
      paceAchieved: null,
      paceNeeded: null,
      deadline,
      reach: null,
      againstDoNothing: null,
      story: [
        `It starts from ${value(p.baseline.value)} in ${periodLabel(p.baseline.period)} and should reach ${deadline}. No figure has been recorded since.`,
      ],
    };
  }
  const latest = `${value(p.latest.value)} in ${periodLabel(p.latest.period)}`;
  const beyond = p.remaining !== null ? Math.abs(p.remaining) : 0;
  const { stillToGo, paceNeeded } = whatIsLeft(p, { size: diff, pace, still: 'to go' });
  const paceAchieved = p.actualPacePerYear !== null ? pace(p.actualPacePerYear) : null;
  const reach = achieved
    ? null
    : p.projectedReach
      ? `${p.projectedReach <= referenceDay ? 'would already have been reached' : 'would be reached'} around ${formatDate(p.projectedReach)}`
      : 'not on the current course';
  const againstDoNothing =
    p.curveTurnedBy !== null && p.doNothing
      ? p.curveTurnedBy === 0
        ? 'the same as if nothing had changed'
        : `${diff(p.curveTurnedBy)} ${p.curveTurnedBy > 0 === (p.direction === 'increase') ? 'better' : 'worse'} than if nothing had changed`
      : null;
  const travelled = p.travelledPct !== null ? `${formatNumber(Math.min(p.travelledPct, 100), 1)}% of the way` : null;
  const story = [
    `From ${value(p.baseline.value)} in ${periodLabel(p.baseline.period)} to ${latest}${travelled ? `: ${travelled} to ${deadline}` : ''}.`,
    achieved
      ? `The target is met${beyond > 0 ? `, with ${diff(beyond)} to spare` : ''}.`
      : paceAchieved && p.requiredPacePerYear !== null
        ? `At the current pace (${paceAchieved}) the target ${reach}; ${pace(p.requiredPacePerYear)} are needed.`
        : targetPassed
          ? `The target date has passed without the target being met.`
          : `There are not yet enough figures to tell the pace.`,
    ...(againstDoNothing ? [`That is ${againstDoNothing}.`] : []),
  ];
  return { latest, travelled, stillToGo, paceAchieved, paceNeeded, deadline, reach, againstDoNothing, story };
}

/**
 * What is still to travel and the pace needed, said alike for an indicator and a gap (gap-words.ts): nothing still to
 * go once the target is met (how far beyond it instead), no pace needed then, and a passed deadline said as such.
 */
export function whatIsLeft(
  f: { status: string; remaining: number | null; requiredPacePerYear: number | null },
  say: { size: (n: number) => string; pace: (n: number) => string; still: string },
): { stillToGo: string | null; paceNeeded: string } {
  const met = f.status === 'achieved';
  const beyond = f.remaining !== null ? Math.abs(f.remaining) : 0;
  return {
    stillToGo: met
      ? beyond === 0
        ? 'None: the target is met'
        : `None: the target is met, with ${say.size(beyond)} to spare`
      : f.remaining !== null
        ? `${say.size(f.remaining)} ${say.still}`
        : null,
    paceNeeded: met
      ? 'None: the target is met'
      : f.requiredPacePerYear !== null
        ? say.pace(f.requiredPacePerYear)
        : 'The target date has passed',
  };
}

/** "31 Jul 2027, in 1 year and 8 months" or "31 Jul 2027, 3 months ago". */
export function deadlineWords(horizon: string, referenceDay: string): string {
  if (horizon === referenceDay) return `${formatDate(horizon)}, today`;
  return horizon > referenceDay
    ? `${formatDate(horizon)}, in ${howLong(referenceDay, horizon)}`
    : `${formatDate(horizon)}, ${howLong(horizon, referenceDay)} ago`;
}
