import { WHOLE_POPULATION } from '../events/index.js';
import type { GapProgress } from '../../projections/gap-progress.js';
import { decimalsOf, formatDifference, formatNumber, longDate, periodLabel } from '../present/format.js';
import { STATUS } from '../present/labels.js';
import { lowerFirst } from '../present/words.js';
import { paceWords, reachWords, sentence, type Sentence } from './sentences.js';

/**
 * The sentences of one gap between two groups (docs/decisions.md, "Gaps" and "Reports"): where it stood at its
 * baseline and where it stands now, how far towards its target, at what pace and when it would close to target, and
 * its target revisions. Every figure comes from projections/gap-progress.ts (the gap maths); nothing is computed here
 * but words. Each sentence cites the gap's definition, the revision behind the target in force, and the two figures
 * behind the latest gap point (the pace sentence: every point's).
 */
const groupWords = (id: string, name: string): string => {
  if (id === WHOLE_POPULATION) return 'the whole population';
  const lower = lowerFirst(name);
  return /^the /i.test(lower) ? lower : `the ${lower}`;
};

const yearOf = (period: string): string => period.slice(0, 4);

/** Every position behind a gap point: both sides' measurements and their corrections. */
export const gapPointPositions = (p: NonNullable<GapProgress['latest']>): string[] =>
  [p.sources.focus, p.sources.comparator].flatMap((s) => [s.position, ...s.correctionPositions]);

export function gapSentences(
  journeyId: string,
  unit: string,
  g: GapProgress,
  referenceDay: string,
  decimals: number,
): Sentence[] {
  const dp = Math.max(decimals, decimalsOf(g.baseline.value), decimalsOf(g.target.value));
  const d = (n: number) => formatDifference(n, unit, dp);
  const between = `The gap between ${groupWords(g.focusGroup, g.focusGroupName)} and ${groupWords(g.comparatorGroup, g.comparatorGroupName)}`;
  const target = `the ${yearOf(g.target.period)} target of ${d(g.target.value)}`;
  const defined = [g.position, g.targetRevisions.at(-1)?.position];
  const status = `This gap is ${STATUS[g.status].is}.`;
  const out: Sentence[] = [];
  const latest = g.latest;
  if (latest === null) {
    out.push(
      sentence(
        `${between} has no figure yet for both groups in the same period; its ${periodLabel(g.baseline.period)} baseline is ${d(g.baseline.value)} and ${target} still stands.`,
        journeyId,
        defined,
      ),
    );
  } else {
    const cites = [...defined, ...gapPointPositions(latest)];
    const moved = latest.gap - g.baseline.value;
    const from = `${d(g.baseline.value)} in ${periodLabel(g.baseline.period)}`;
    const to = `${d(latest.gap)} in ${periodLabel(latest.period)}`;
    const movement =
      formatNumber(Math.abs(moved), dp) === formatNumber(0, dp)
        ? `has stayed at ${to}`
        : `has ${moved < 0 ? 'narrowed' : 'widened'} from ${from} to ${to}`;
    let distance: string;
    if (g.status === 'achieved') distance = `, ${latest.gap === g.target.value ? 'meeting' : 'beyond'} ${target}`;
    else if (g.travelledPct !== null && g.travelledPct < 0) distance = `, moving away from ${target}`;
    else if (g.travelledPct !== null)
      distance = `, ${formatNumber(Math.round(g.travelledPct), 0)}% of the way to ${target}`;
    else distance = `; ${target} still stands`;
    out.push(sentence(`${between} ${movement}${distance}.`, journeyId, cites));
    out.push(
      sentence(`${paceText(g, unit, referenceDay, latest.period)} ${status}`, journeyId, [
        ...cites,
        ...g.points.flatMap(gapPointPositions),
      ]),
    );
  }
  for (const [i, r] of g.targetRevisions.entries())
    out.push(
      sentence(
        `On ${longDate(r.recordedAt)} the gap's target was revised from ${d(r.from.value)} by ${yearOf(r.from.period)} to ${d(r.to.value)} by ${yearOf(r.to.period)}, decided by ${r.decidedBy}: ${r.reason.replace(/\.$/, '')}.`,
        journeyId,
        [i === 0 ? g.position : g.targetRevisions[i - 1]?.position, r.position],
      ),
    );
  return out;
}

function paceText(g: GapProgress, unit: string, referenceDay: string, latestPeriod: string): string {
  if (g.status === 'achieved') return 'The gap has closed to its target.';
  if (g.requiredPacePerYear === null)
    return `The target date (${longDate(g.target.date)}) has passed without the gap closing to it.`;
  const pace = paceWords(g.actualPacePerYear, g.requiredPacePerYear, unit);
  if (pace.actual === null) return `There are not yet enough figures to measure its pace; ${pace.needed}.`;
  const at = `At the current pace (${pace.actual} a year)`;
  if (g.projectedReach === null) return `${at} the gap is ${g.widening ? 'widening' : 'not closing'}; ${pace.needed}.`;
  return `${at} ${reachWords(g.projectedReach, g.target.date, referenceDay, latestPeriod, {
    ahead: 'it would close to its target',
    past: 'it would already have closed to its target',
  })}; ${pace.needed}.`;
}
