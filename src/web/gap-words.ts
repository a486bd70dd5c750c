import type { GapProgress, GroupProgress, IndicatorGaps } from '../../projections/gap-progress.js';
import { WHOLE_POPULATION } from '../events/index.js';
import type { GapChartInput } from '../present/gap-chart.js';
import {
  decimalsOf,
  formatDate,
  formatDifference,
  formatNumber,
  formatSignedDifference,
  formatValue,
  periodLabel,
} from '../present/format.js';
import { whatIsLeft } from './figures.js';

/**
 * A gap's figures as a page says them (docs/decisions.md, "Gaps"): the gap's own distance travelled, still to close,
 * pace achieved and needed, and when it would close to its target, each in the indicator's unit ("points" for a
 * percentage, "years" for years). A gap is closed by narrowing, so paces are said as "narrowing by" or "widening by"
 * rather than with a sign. The figures are the projections' (projections/gap-math.ts); this only words them.
 */
export interface GapWords {
  /** The gap now: "11.7 years in 2025". */
  now: string | null;
  travelled: string | null;
  stillToClose: string | null;
  paceAchieved: string | null;
  paceNeeded: string | null;
  closure: string | null;
  /** "13.0 years by 2027". */
  deadline: string;
  /** The comparator as a sentence names it: "everyone" for the whole population. */
  against: string;
  /** One line for a list of journeys: how far, the pace achieved and the pace needed. */
  brief: string;
  story: string[];
}

export function gapWords(g: GapProgress, unit: string, referenceDay: string): GapWords {
  const decimals = Math.max(
    1,
    ...[g.baseline.value, g.target.value, ...(g.latest ? [g.latest.gap] : [])].map(decimalsOf),
  );
  const size = (n: number) => formatDifference(n, unit, decimals);
  const pace = (n: number) =>
    n === 0 ? 'unchanged' : `${n < 0 ? 'narrowing' : 'widening'} by ${formatDifference(n, unit, decimals + 1)} a year`;
  const deadline = `${size(g.target.value)} by ${periodLabel(g.target.period)}`;
  const against = g.comparatorGroup === WHOLE_POPULATION ? 'everyone' : g.comparatorGroupName;
  const from = `a gap of ${size(g.baseline.value)} in ${periodLabel(g.baseline.period)}`;
  if (!g.latest) {
    return {
      now: null,
      travelled: null,
      stillToClose: null,
      paceAchieved: null,
      paceNeeded: null,
      closure: null,
      deadline,
      against,
      brief: `No period has a figure for both ${g.focusGroupName} and ${against} yet`,
      story: [
        `It starts from ${from} and should close to ${deadline}. No period has a figure for both ${g.focusGroupName} and ${against} yet.`,
      ],
    };
  }
  const latest = g.latest;
  const achieved = g.status === 'achieved';
  const now =
    latest.gap < 0
      ? `${g.focusGroupName} ahead by ${size(latest.gap)} in ${periodLabel(latest.period)}`
      : `${size(latest.gap)} in ${periodLabel(latest.period)}`;
  const moved = g.baseline.value - latest.gap;
  const travelled =
    g.travelledPct === null
      ? null
      : moved >= 0
        ? `${size(moved)} narrower than in ${periodLabel(g.baseline.period)}: ${formatNumber(Math.min(g.travelledPct, 100), 1)}% of the way`
        : `None: ${size(moved)} wider than in ${periodLabel(g.baseline.period)}`;
  const beyond = g.remaining !== null ? Math.abs(g.remaining) : 0;
  const { stillToGo: stillToClose, paceNeeded } = whatIsLeft(g, { size, pace, still: 'to close' });
  const paceAchieved = g.actualPacePerYear !== null ? pace(g.actualPacePerYear) : null;
  const closure = achieved
    ? 'The target is met'
    : g.projectedReach
      ? `${g.projectedReach <= referenceDay ? 'Would already have closed' : 'Would close'} to its target around ${formatDate(g.projectedReach)}`
      : g.widening
        ? 'Would not close: the gap is widening'
        : g.actualPacePerYear === null
          ? 'Not enough figures yet to tell'
          : 'Would not close to its target on the current course';
  const story = [
    `From ${from} to ${size(latest.gap)} in ${periodLabel(latest.period)}${g.travelledPct !== null ? `: ${formatNumber(g.travelledPct, 1)}% of the way to ${deadline}` : ''}.`,
    achieved
      ? `The target is met${beyond > 0 ? `, with ${size(beyond)} to spare` : ''}.`
      : paceAchieved && g.requiredPacePerYear !== null
        ? `At the current pace (${paceAchieved}) it ${g.projectedReach ? `would close to its target around ${formatDate(g.projectedReach)}` : 'would not close to its target'}; ${pace(g.requiredPacePerYear)} is needed.`
        : g.requiredPacePerYear === null
          ? 'The target date has passed without the target being met.'
          : 'There are not yet enough figures to tell the pace.',
  ];
  const brief = achieved
    ? `Target met: ${now}`
    : [
        g.travelledPct === null
          ? now
          : moved >= 0
            ? `${formatNumber(Math.min(g.travelledPct, 100), 1)}% of the way`
            : `${size(moved)} wider than at the start`,
        `${paceAchieved ?? 'pace not yet known'}${g.requiredPacePerYear !== null ? `, where ${pace(g.requiredPacePerYear)} is needed` : ', and the target date has passed'}`,
      ].join('; ');
  return { now, travelled, stillToClose, paceAchieved, paceNeeded, closure, deadline, against, brief, story };
}

/** The chart's input: the gap's two sides drawn from the indicator's series (projections/gap-progress.ts). */
export function gapChartInput(g: GapProgress, of: IndicatorGaps): GapChartInput {
  const series = (groupId: string) =>
    groupId === WHOLE_POPULATION ? of.wholePopulation : of.groups.find((s) => s.groupId === groupId);
  const points = (groupId: string) =>
    (series(groupId)?.points ?? []).map((p) => ({ period: p.period, value: p.value }));
  return {
    id: `${of.indicatorId}-${g.gapId}`,
    name: g.name,
    unit: of.unit,
    focus: { name: g.focusGroupName, points: points(g.focusGroup) },
    comparator: { name: g.comparatorGroupName, points: points(g.comparatorGroup) },
    gaps: g.points.map((p) => ({ period: p.period, gap: p.gap })),
    baseline: g.baseline,
    target: g.target,
  };
}

/** A gap as a page shows it: its figures, their words, and (on the indicator page) its chart's input. */
export const gapCard = (g: GapProgress, unit: string, referenceDay: string) => ({
  ...g,
  words: gapWords(g, unit, referenceDay),
});

/** A group's own figures in words: its latest figure and the pace of its series. */
export function groupWords(s: GroupProgress, unit: string): { latest: string | null; pace: string | null } {
  const decimals = Math.max(1, ...s.points.map((p) => decimalsOf(p.value)));
  return {
    latest: s.latest ? `${formatValue(s.latest.value, unit, decimals)} in ${periodLabel(s.latest.period)}` : null,
    pace:
      s.actualPacePerYear !== null ? `${formatSignedDifference(s.actualPacePerYear, unit, decimals + 1)} a year` : null,
  };
}
