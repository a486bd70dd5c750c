import { comparePositions } from '../src/events/index.js';
import {
  actualPacePerYear,
  clean,
  latestOf,
  progressFigures,
  type Direction,
  type Frequency,
  type Point,
  type ProgressFigures,
} from './progress-math.js';

/**
 * The gap maths (docs/architecture.md, "Progress"; docs/decisions.md, "Gaps"): a gap between a focus group and a
 * comparator is a series of its own — one point per period both sides have a figure for — and its figures are the
 * progress maths of progress-math.ts applied to that series, with the gap's baseline, target and do-nothing
 * forecast and the direction `decrease` (a gap is closed by narrowing). Nothing here computes a pace, a reach or a
 * status itself: it calls progress-math.ts.
 */

/** One side's figure for a period: a measurement, with its latest correction within the cut. */
export interface SeriesFigure extends Point {
  period: string;
  /** Where it was recorded: orders the figures as recorded, and lets a sentence cite it. */
  position: string;
}

/** A period both sides have a figure for; `value` is the gap (positive = the focus group is behind). */
export interface GapPoint<F extends SeriesFigure = SeriesFigure> extends Point {
  period: string;
  focus: F;
  comparator: F;
}

/** A series' figure per period: one per period, the one recorded last when a series holds two (ledger order). */
function byPeriod<F extends SeriesFigure>(series: readonly F[]): Map<string, F> {
  const out = new Map<string, F>();
  for (const f of series) {
    const held = out.get(f.period);
    if (held === undefined || comparePositions(f.position, held.position) > 0) out.set(f.period, f);
  }
  return out;
}

const recordedLast = (p: GapPoint): string =>
  comparePositions(p.focus.position, p.comparator.position) >= 0 ? p.focus.position : p.comparator.position;

/**
 * The gap's points: for each period with a figure on both sides, comparator − focus when the indicator should
 * increase, focus − comparator when it should decrease, dated at the period's last day. In the order they became
 * complete (the later of the two figures' positions), so latestOf's "ties: recorded last" holds for gaps too.
 */
export function gapPoints<F extends SeriesFigure>(
  direction: Direction,
  focus: readonly F[],
  comparator: readonly F[],
): GapPoint<F>[] {
  const others = byPeriod(comparator);
  const points: GapPoint<F>[] = [];
  for (const [period, f] of byPeriod(focus)) {
    const c = others.get(period);
    if (c === undefined) continue;
    const value = clean(direction === 'increase' ? c.value - f.value : f.value - c.value);
    points.push({ period, date: f.date, value, focus: f, comparator: c });
  }
  return points.sort((a, b) => comparePositions(recordedLast(a), recordedLast(b)));
}

export interface GapInput<P extends Point> {
  frequency: Frequency;
  baseline: Point;
  target: Point;
  doNothing?: Point | null;
  /** The gap's points (gapPoints). */
  points: readonly P[];
  referenceDay: string;
}

export interface GapFigures<P extends Point> extends ProgressFigures<P> {
  /** The gap's least-squares pace is positive: it is growing. */
  widening: boolean;
}

/** Every figure of a gap: the progress maths over [baseline, points] with direction `decrease`, and `widening`. */
export function gapFigures<P extends Point>(input: GapInput<P>): GapFigures<P> {
  const figures = progressFigures({
    direction: 'decrease',
    frequency: input.frequency,
    baseline: input.baseline,
    target: input.target,
    doNothing: input.doNothing ?? null,
    measurements: input.points,
    referenceDay: input.referenceDay,
  });
  return { ...figures, widening: figures.actualPacePerYear !== null && figures.actualPacePerYear > 0 };
}

/** A group's own figures: its latest figure (ties: recorded last) and the least-squares pace of its series. */
export function groupFigures<F extends Point>(
  series: readonly F[],
): { latest: F | null; actualPacePerYear: number | null } {
  return { latest: latestOf(series), actualPacePerYear: actualPacePerYear(series) };
}
