import type { ProgressFigures } from '../../projections/progress-math.js';
import {
  decimalsApart,
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
  /** The report's last day: a projected date before it is said as past. Absent: every date is said as ahead. */
  referenceDay?: string;
  /** Positions of every measurement (and correction) the pace is fitted to; the pace sentence cites them all. */
  pacePositions?: string[];
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
        [f.definedAt, f.targetRevisions.at(-1)?.position],
      ),
    );
  } else {
    // The target in force comes from the definition or, once revised, from the latest revision: both are cited.
    const cites = [f.definedAt, f.targetRevisions.at(-1)?.position, latest.position, ...f.correctionPositions];
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
    out.push(paceSentence(f, latest, [...cites, ...(f.pacePositions ?? [])]));
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

  // A revision's "from" is the target it replaced: the definition's or the revision before it, cited with it.
  for (const [i, r] of f.targetRevisions.entries()) {
    out.push(
      sentence(
        `On ${longDate(r.recordedAt)} the target was revised from ${v(r.from.value)} by ${yearOf(r.from.period)} to ${v(r.to.value)} by ${yearOf(r.to.period)}, decided by ${r.decidedBy}: ${r.reason.replace(/\.$/, '')}.`,
        f.journeyId,
        [i === 0 ? f.definedAt : f.targetRevisions[i - 1]?.position, r.position],
      ),
    );
  }
  return out;
}

function paceSentence(
  f: ProgressFacts,
  latest: NonNullable<ProgressFacts['latest']>,
  cites: (string | undefined)[],
): Sentence {
  const status = `This indicator is ${STATUS[f.status].is}.`;
  if (f.status === 'achieved') return sentence(`The target has been met. ${status}`, f.journeyId, cites);
  if (f.requiredPacePerYear === null) {
    return sentence(
      `The target date (${longDate(f.target.date)}) has passed without the target being met. ${status}`,
      f.journeyId,
      cites,
    );
  }
  const pace = paceWords(f.actualPacePerYear, f.requiredPacePerYear, f.unit);
  if (pace.actual === null)
    return sentence(
      `There are not yet enough figures to measure a pace; ${pace.needed}. ${status}`,
      f.journeyId,
      cites,
    );
  const at = `At the current pace (${pace.actual} a year)`;
  if (f.projectedReach === null)
    return sentence(`${at} the figure is not moving towards the target; ${pace.needed}. ${status}`, f.journeyId, cites);
  return sentence(
    `${at} ${reachWords(f.projectedReach, f.target.date, f.referenceDay, latest.period, {
      ahead: 'the target would be reached',
      past: 'the target would already have been reached',
    })}; ${pace.needed}. ${status}`,
    f.journeyId,
    cites,
  );
}

/**
 * The current pace and the pace needed, in as many decimals as it takes to tell them apart (never fewer than one):
 * "−0.43 points … 0.44 points a year are needed", never "−0.4 … 0.4" for two paces that differ.
 */
export function paceWords(
  actual: number | null,
  required: number,
  unit: string,
): { actual: string | null; needed: string } {
  const dp = actual === null ? 1 : decimalsApart(actual, required);
  const neededText = formatDifference(required, unit, dp);
  const one = formatNumber(Math.abs(required), dp) === formatNumber(1, dp);
  return {
    actual: actual === null ? null : formatSignedDifference(actual, unit, dp),
    needed: `${neededText} a year ${one ? 'is' : 'are'} needed`,
  };
}

/**
 * When a projection would arrive: "would be reached in 2029", "…, in time" when by the target's date, and, when the
 * projected date is already past at the report's end (the latest figure is old), "would already have been reached in
 * July 2025, a date now past, though no figure since Q2 2025 shows it".
 */
export function reachWords(
  reach: string,
  targetDate: string,
  referenceDay: string | undefined,
  latestPeriod: string,
  would: { ahead: string; past: string },
): string {
  if (referenceDay !== undefined && reach <= referenceDay)
    return `${would.past} in ${periodLabel(reach.slice(0, 7))}, a date now past, though no figure since ${periodLabel(latestPeriod)} shows it`;
  return `${would.ahead} in ${reach.slice(0, 4)}${reach <= targetDate ? ', in time' : ''}`;
}
