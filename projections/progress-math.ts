import { dateOfDay, DAYS_PER_YEAR, dayNumber, quarterOf, yearsBetween } from '../src/events/index.js';

/**
 * THE progress maths (docs/architecture.md, "Progress") — the one copy. The API, the web views and the reports all call these small,
 * pure, named functions; nothing else computes travelled %, pace, reach or status.
 *
 * Conventions (docs/decisions.md, "Progress"):
 * - Dates are `YYYY-MM-DD` (UTC days); a year is 365.25 days (src/events/time.ts counts them).
 * - Figures other than travelledPct are returned unrounded except for floating-point noise: `clean()` keeps
 *   12 significant digits, so 70 − 64.7 is 5.3, not 5.299999999999997, and a spreadsheet agrees digit for digit.
 * - A division the definition cannot make (target equal to baseline, all points on one day, a pace of zero)
 *   gives null rather than Infinity or NaN.
 */

export type Direction = 'increase' | 'decrease';
export type Frequency = 'annual' | 'quarterly' | 'monthly';
export type IndicatorStatus = 'achieved' | 'on-track' | 'at-risk' | 'off-track' | 'no-data';

/** A value dated at a day (a measurement, the baseline or a target at its period's last day). */
export interface Point {
  date: string;
  value: number;
}

/** Removes floating-point noise only: 12 significant digits. */
export const clean = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(12)));

/** Rounded to one decimal, halves away from zero (64.25 → 64.3, −0.05 → −0.1). */
export function round1(x: number): number {
  const r = Math.round(clean(Math.abs(x)) * 10) / 10;
  return r === 0 ? 0 : Math.sign(x) * r;
}

/**
 * (latest − baseline) / (target − baseline) × 100, one decimal; may be negative or above 100. Computed on halves, which
 * is exact (halving a double loses nothing) and keeps the differences finite even for figures near the largest double
 * that a ledger written before figures were bounded (±10^15) may hold; null when the result is not a number.
 */
export function travelledPct(baseline: number, target: number, latest: number): number | null {
  if (target === baseline) return null;
  const pct = ((latest / 2 - baseline / 2) / (target / 2 - baseline / 2)) * 100;
  return Number.isFinite(pct) ? round1(pct) : null;
}

/** The same share, unrounded: what a journey's mean is taken over (rounding once, at the end). */
function travelledShare(baseline: number, target: number, latest: number): number | null {
  return target === baseline ? null : ((latest - baseline) / (target - baseline)) * 100;
}

/** One indicator's part in its journey's travelled figure: its baseline, target and latest value (null: no data). */
export interface TravelledInput {
  baseline: number;
  target: number;
  latest: number | null;
}

/**
 * A journey's travelledPct: the mean, over its indicators with data, of each one's unrounded travelledPct capped at
 * 100 (an indicator past its target counts as 100, never more; one that went backwards counts as negative), then
 * rounded to one decimal; null when no indicator has data (docs/decisions.md, "Progress").
 */
export function journeyTravelledPct(indicators: readonly TravelledInput[]): number | null {
  let sum = 0;
  let n = 0;
  for (const i of indicators) {
    if (i.latest === null) continue;
    const share = travelledShare(i.baseline, i.target, i.latest);
    if (share === null) continue;
    sum += Math.min(100, share);
    n += 1;
  }
  return n === 0 ? null : round1(sum / n);
}

/** An indicator's history for its journey's trend: baseline, target and its measurements (dated, any order). */
export interface TravelledHistory {
  baseline: number;
  target: number;
  points: readonly Point[];
}

/**
 * A journey's travelledPct as it stood at each date any of its indicators was measured (oldest first): at each
 * date, every indicator counts with its latest point on or before it (ties: the later in its list), as
 * journeyTravelledPct says. The overview's trend line.
 */
export function journeyTravelledSeries(indicators: readonly TravelledHistory[]): Point[] {
  const dates = [...new Set(indicators.flatMap((i) => i.points.map((p) => p.date)))].sort();
  return dates.flatMap((date) => {
    const value = journeyTravelledPct(
      indicators.map((i) => ({
        baseline: i.baseline,
        target: i.target,
        latest: latestOf(i.points.filter((p) => p.date <= date))?.value ?? null,
      })),
    );
    return value === null ? [] : [{ date, value }];
  });
}

/** target − latest: what is still to travel (signed; beyond the target it has the other sign). */
export const remaining = (target: number, latest: number): number => clean(target - latest);

/** Least-squares slope of value over time, per year, across all points; null with fewer than 2 points or one day. */
export function actualPacePerYear(points: readonly Point[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const origin = dayNumber((points[0] as Point).date);
  let sumT = 0;
  let sumV = 0;
  const ts = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const p = points[i] as Point;
    const t = (dayNumber(p.date) - origin) / DAYS_PER_YEAR;
    ts[i] = t;
    sumT += t;
    sumV += p.value;
  }
  const meanT = sumT / n;
  const meanV = sumV / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dt = (ts[i] as number) - meanT;
    sxy += dt * ((points[i] as Point).value - meanV);
    sxx += dt * dt;
  }
  return sxx === 0 ? null : clean(sxy / sxx);
}

/** (target − latest) / years from latest's date to the target's date; null when the target's date is not after latest's. */
export function requiredPacePerYear(target: Point, latest: Point): number | null {
  const years = yearsBetween(latest.date, target.date);
  if (years <= 0) return null;
  return clean((target.value - latest.value) / years);
}

/**
 * latest's date + remaining / pace (in years), when the pace points toward the target (same sign as remaining;
 * remaining 0 gives latest's own date); null otherwise, or when the date would fall beyond year 9999.
 */
export function projectedReach(latest: Point, stillToTravel: number, pace: number | null): string | null {
  if (pace === null || pace === 0) return null;
  const years = stillToTravel / pace;
  if (years < 0 || !Number.isFinite(years)) return null;
  const day = Math.round(dayNumber(latest.date) + years * DAYS_PER_YEAR);
  if (day > dayNumber('9999-12-31')) return null;
  return dateOfDay(day);
}

/** +1 when higher is better, −1 when lower is better. */
export const improving = (direction: Direction): 1 | -1 => (direction === 'increase' ? 1 : -1);

/** latest at or beyond the target in the indicator's direction. */
export const isAchieved = (direction: Direction, target: number, latest: number): boolean =>
  direction === 'increase' ? latest >= target : latest <= target;

export interface StatusInput {
  direction: Direction;
  target: Point;
  latest: Point | null;
  actualPace: number | null;
  requiredPace: number | null;
}

/**
 * achieved › no-data › off-track when the target date has come without the target › on-track when the actual pace
 * is at least the required pace › at-risk when at least half of it › off-track. Paces are compared in the
 * improving direction. Where no pace can be computed (points all on one day), nothing shows it is moving: off-track.
 */
export function indicatorStatus(s: StatusInput): IndicatorStatus {
  if (s.latest === null) return 'no-data';
  if (isAchieved(s.direction, s.target.value, s.latest.value)) return 'achieved';
  if (s.requiredPace === null || s.actualPace === null) return 'off-track';
  const sign = improving(s.direction);
  const actual = sign * s.actualPace;
  const required = sign * s.requiredPace;
  if (actual >= required) return 'on-track';
  if (actual >= 0.5 * required) return 'at-risk';
  return 'off-track';
}

const MONTHS_PER_PERIOD: Record<Frequency, number> = { annual: 12, quarterly: 3, monthly: 1 };

/**
 * A date moved on by n periods of a frequency. A month's last day stays a month's last day
 * (2025-09-30 + 2 quarters = 2026-03-31), since points are dated at their period's last day.
 */
export function addPeriods(date: string, frequency: Frequency, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const monthEnd = (yy: number, mm: number): number => new Date(Date.UTC(yy, mm, 0)).getUTCDate();
  const total = y * 12 + (m - 1) + MONTHS_PER_PERIOD[frequency] * n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = monthEnd(ny, nm);
  const nd = d === monthEnd(y, m) ? last : Math.min(d, last);
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

/** The indicator's own period (of its frequency) that contains a date: 2024-03-31 → 2024 (annual), 2024-Q1, 2024-03. */
export function periodContaining(date: string, frequency: Frequency): string {
  if (frequency === 'annual') return date.slice(0, 4);
  if (frequency === 'monthly') return date.slice(0, 7);
  return quarterOf(date);
}

/** True when the reference day is more than two periods after the latest point's date. */
export const isStale = (referenceDay: string, latestPointDate: string, frequency: Frequency): boolean =>
  referenceDay > addPeriods(latestPointDate, frequency, 2);

/** The do-nothing forecast, a straight line from the baseline through `doNothing`, at a date (extrapolated beyond). */
export function doNothingAt(baseline: Point, doNothing: Point, date: string): number | null {
  const span = dayNumber(doNothing.date) - dayNumber(baseline.date);
  if (span === 0) return null;
  return baseline.value + ((doNothing.value - baseline.value) * (dayNumber(date) - dayNumber(baseline.date))) / span;
}

/** latest − the do-nothing forecast at latest's date: the difference made against what would have happened anyway. */
export function curveTurnedBy(
  latest: Point | null,
  baseline: Point,
  doNothing: Point | undefined | null,
): number | null {
  if (!latest || !doNothing) return null;
  const forecast = doNothingAt(baseline, doNothing, latest.date);
  return forecast === null ? null : clean(latest.value - forecast);
}

/** Worst first: off-track › at-risk › no-data › on-track › achieved. */
export const STATUS_SEVERITY: Record<IndicatorStatus, number> = {
  'off-track': 4,
  'at-risk': 3,
  'no-data': 2,
  'on-track': 1,
  achieved: 0,
};

/** A journey's status: the worst of its indicators'; no indicators at all is `no-data`. */
export function worstStatus(statuses: Iterable<IndicatorStatus>): IndicatorStatus {
  let worst: IndicatorStatus | null = null;
  for (const s of statuses) if (worst === null || STATUS_SEVERITY[s] > STATUS_SEVERITY[worst]) worst = s;
  return worst ?? 'no-data';
}

export interface ProgressInput<P extends Point = Point> {
  direction: Direction;
  frequency: Frequency;
  baseline: Point;
  target: Point;
  doNothing?: Point | null;
  /** Measurements within the cut, each with its latest correction, in position (recording) order. */
  measurements: readonly P[];
  /** The date of asOf, or today from the injected clock. */
  referenceDay: string;
}

export interface ProgressFigures<P extends Point = Point> {
  latest: P | null;
  travelledPct: number | null;
  remaining: number | null;
  actualPacePerYear: number | null;
  requiredPacePerYear: number | null;
  projectedReach: string | null;
  status: IndicatorStatus;
  stale: boolean;
  curveTurnedBy: number | null;
}

/**
 * Where the current pace leads by a date: latest's value moved on at `pace` a year. The chart's "at current pace"
 * line ends here.
 */
export const projectedValue = (latest: Point, pace: number, date: string): number =>
  latest.value + pace * yearsBetween(latest.date, date);

/** latest = the measurement with the latest date; ties go to the one recorded last (later in the list). */
export function latestOf<P extends Point>(measurements: readonly P[]): P | null {
  let latest: P | null = null;
  for (const m of measurements) if (latest === null || m.date >= latest.date) latest = m;
  return latest;
}

/** Every progress figure for one indicator. With no measurement, every figure is null and the status no-data. */
export function progressFigures<P extends Point>(input: ProgressInput<P>): ProgressFigures<P> {
  const latest = latestOf(input.measurements);
  const stale = isStale(input.referenceDay, (latest ?? input.baseline).date, input.frequency);
  if (latest === null) {
    return {
      latest: null,
      travelledPct: null,
      remaining: null,
      actualPacePerYear: null,
      requiredPacePerYear: null,
      projectedReach: null,
      status: 'no-data',
      stale,
      curveTurnedBy: null,
    };
  }
  const stillToTravel = remaining(input.target.value, latest.value);
  const actual = actualPacePerYear([input.baseline, ...input.measurements]);
  const required = requiredPacePerYear(input.target, latest);
  return {
    latest,
    travelledPct: travelledPct(input.baseline.value, input.target.value, latest.value),
    remaining: stillToTravel,
    actualPacePerYear: actual,
    requiredPacePerYear: required,
    projectedReach: projectedReach(latest, stillToTravel, actual),
    status: indicatorStatus({
      direction: input.direction,
      target: input.target,
      latest,
      actualPace: actual,
      requiredPace: required,
    }),
    stale,
    curveTurnedBy: curveTurnedBy(latest, input.baseline, input.doNothing),
  };
}
