import type { ProgressFigures } from '../../projections/progress-math.js';
import {
  decimalsOf,
  formatDifference,
  formatNumber,
  formatSignedDifference,
  formatValue,
  longDate,
  periodLabel,
} from '../present/format.js';
import { STATUS } from '../present/labels.js';

/**
 * Narrative sentences generated from computed facts. Every sentence carries the ledger positions
 * of the events behind it, so a reader can check each claim against the journey's timeline. A fact that is
 * absent gives no sentence. Pure: the same facts always give the same words.
 */
export interface Cite {
  journeyId: string;
  position: string;
}
export interface Sentence {
  text: string;
  cites: Cite[];
}

export const sentence = (
  text: string,
  journeyId: string,
  positions: readonly (string | null | undefined)[],
): Sentence => ({
  text,
  cites: [...new Set(positions.filter((p): p is string => typeof p === 'string'))].map((position) => ({
    journeyId,
    position,
  })),
});

/** What the progress sentences need to know about one indicator at the report's cut (from the progress projection). */
export interface ProgressFacts extends Pick<
  ProgressFigures,
  'travelledPct' | 'actualPacePerYear' | 'requiredPacePerYear' | 'projectedReach' | 'status' | 'stale' | 'curveTurnedBy'
> {
  journeyId: string;
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: { value: number; period: string };
  target: { value: number; period: string; date: string };
  latest: { value: number; period: string; date: string; position: string; corrected: boolean } | null;
  /** Decimal places for values; by default the most the baseline, target and latest use. The model passes the most any measurement uses. */
  decimals?: number;
  /** Position of IndicatorDefined (baseline, target, do-nothing forecast). */
  definedAt: string;
  /** Positions of the corrections applied to the latest measurement. */
  correctionPositions: string[];
  targetRevisions: {
    from: { value: number; period: string };
    to: { value: number; period: string };
    reason: string;
    decidedBy: string;
    recordedAt: string;
    position: string;
  }[];
}

const yearOf = (period: string): string => periodLabel(period).replace(/^.* (\d{4})$/, '$1');

/** The progress sentences for one indicator: distance travelled, pace, status, staleness, curve, goalposts. */
export function progressSentences(f: ProgressFacts): Sentence[] {
  const dp =
    f.decimals ??
    Math.max(...[f.baseline.value, f.target.value, ...(f.latest ? [f.latest.value] : [])].map(decimalsOf));
  const v = (n: number) => formatValue(n, f.unit, dp);
  const targetText = `the ${yearOf(f.target.period)} target of ${v(f.target.value)}`;
  const baselineText = `the ${periodLabel(f.baseline.period)} baseline`;
  const out: Sentence[] = [];
  const latest = f.latest;

  if (latest === null) {
    out.push(
      sentence(
        `No measurement has been recorded yet against ${baselineText} of ${v(f.baseline.value)}; ${targetText} still stands.`,
        f.journeyId,
        [f.definedAt],
      ),
    );
  } else {
    const cites = [f.definedAt, latest.position, ...f.correctionPositions];
    const moved = latest.value - f.baseline.value;
    const when = `in ${periodLabel(latest.period)}`;
    let movement: string;
    if (formatNumber(Math.abs(moved), dp) === formatNumber(0, dp))
      movement = `the figure has stayed at ${v(latest.value)} ${when}`;
    else
      movement = `the figure has ${moved > 0 ? 'risen' : 'fallen'} from ${v(f.baseline.value)} to ${v(latest.value)} ${when}`;
    let distance: string;
    if (f.status === 'achieved')
      distance = latest.value === f.target.value ? `, meeting ${targetText}` : `, beyond ${targetText}`;
    else if (f.travelledPct !== null && f.travelledPct < 0) distance = `, moving away from ${targetText}`;
    else if (f.travelledPct !== null)
      distance = `, ${formatNumber(Math.round(f.travelledPct), 0)}% of the way to ${targetText}, with ${formatDifference(f.target.value - latest.value, f.unit, dp)} still to travel`;
    else distance = `; ${targetText} still stands`;
    const corrected = latest.corrected ? ' (a corrected figure)' : '';
    out.push(sentence(`Since ${baselineText} ${movement}${corrected}${distance}.`, f.journeyId, cites));
    out.push(paceSentence(f, latest, cites));
  }

  if (f.stale) {
    out.push(
      latest === null
        ? sentence(
            `No figure has been recorded since ${baselineText}, so this indicator is stale: its status may be out of date.`,
            f.journeyId,
            [f.definedAt],
          )
        : sentence(
            `The latest figure is for ${periodLabel(latest.period)} and none has been recorded since, so this indicator is stale: its status may be out of date.`,
            f.journeyId,
            [latest.position],
          ),
    );
  }

  if (f.curveTurnedBy !== null && latest !== null) {
    const better = f.direction === 'increase' ? f.curveTurnedBy > 0 : f.curveTurnedBy < 0;
    const diff = formatDifference(f.curveTurnedBy, f.unit, 1);
    const text =
      formatNumber(Math.abs(f.curveTurnedBy), 1) === formatNumber(0, 1)
        ? 'The figure is where the “if nothing changes” forecast put it: the curve has not yet turned.'
        : `The figure is ${diff} ${better ? 'better' : 'worse'} than the “if nothing changes” forecast for ${periodLabel(latest.period)}: the curve has ${better ? '' : 'not '}turned.`;
    out.push(sentence(text, f.journeyId, [f.definedAt, latest.position]));
  }

  for (const r of f.targetRevisions) {
    out.push(
      sentence(
        `On ${longDate(r.recordedAt)} the target was revised from ${v(r.from.value)} by ${yearOf(r.from.period)} to ${v(r.to.value)} by ${yearOf(r.to.period)}, decided by ${r.decidedBy}: ${r.reason.replace(/\.$/, '')}.`,
        f.journeyId,
        [r.position],
      ),
    );
  }
  return out;
}

function paceSentence(f: ProgressFacts, latest: NonNullable<ProgressFacts['latest']>, cites: string[]): Sentence {
  const status = `This indicator is ${STATUS[f.status].is}.`;
  if (f.status === 'achieved') return sentence(`The target has been met. ${status}`, f.journeyId, cites);
  if (f.requiredPacePerYear === null) {
    return sentence(
      `The target date (${longDate(f.target.date)}) has passed without the target being met. ${status}`,
      f.journeyId,
      cites,
    );
  }
  const needed = `${formatDifference(f.requiredPacePerYear, f.unit, 1)} a year ${/^(1|1\.0) /.test(formatDifference(f.requiredPacePerYear, f.unit, 1)) ? 'is' : 'are'} needed`;
  if (f.actualPacePerYear === null)
    return sentence(`There are not yet enough figures to measure a pace; ${needed}. ${status}`, f.journeyId, cites);
  const pace = `At the current pace (${formatSignedDifference(f.actualPacePerYear, f.unit, 1)} a year)`;
  if (f.projectedReach === null)
    return sentence(`${pace} the figure is not moving towards the target; ${needed}. ${status}`, f.journeyId, cites);
  const reach = f.projectedReach.slice(0, 4);
  const inTime = f.projectedReach <= f.target.date ? ', in time' : '';
  return sentence(`${pace} the target would be reached in ${reach}${inTime}; ${needed}. ${status}`, f.journeyId, cites);
}
