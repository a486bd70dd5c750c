import { latestOf, projectedValue } from '../../projections/progress-math.js';
import { dateMs, MS_PER_DAY, periodEnd } from '../events/index.js';
import { axes, chartSvg, GRID, INK, legend, r1, scales, WIDE, type ChartLayout, type Dated } from './chart-frame.js';
import { decimalsOf, escapeXml, formatDate, formatSigned, formatValue } from './format.js';

/**
 * The trajectory chart: an inline SVG drawn on the server from an indicator's progress
 * figures and points, plus a text alternative with the same figures. A pure function of its input, free of
 * web concerns, so printed reports draw the same chart. Meaning never rests on colour alone: each series has
 * its own dash pattern or marker shape and a legend, and every figure is also in `rows`/`summary`.
 * Only presentation attributes are used (no style attributes), so a strict CSP and a print page both work.
 */

export interface ChartPoint {
  period: string;
  value: number;
  /** The value first recorded, when a correction replaced it (the chart marks the point as corrected). */
  correctedFrom?: number | null | undefined;
}

export interface TrajectoryChartInput {
  /** Used for element ids inside the SVG; unique per page (the indicatorId). */
  id: string;
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: { value: number; period: string };
  target: { value: number; period: string };
  /** Measurements (not the baseline), each with its latest correction applied. */
  measurements: ChartPoint[];
  actualPacePerYear: number | null;
  requiredPacePerYear?: number | null;
  projectedReach?: string | null;
  doNothing?: { value: number; period: string } | null;
  /** Decimal places for values; by default the most any input figure uses (at most 3). */
  decimals?: number;
  /** The day the chart is read at (a report's last day): a projected date before it is said as past. */
  referenceDay?: string;
}

export interface ChartRow {
  label: string;
  period: string;
  value: string;
  note: string;
}
export interface TrajectoryChart {
  svg: string;
  summary: string;
  rows: ChartRow[];
}

const ACTUAL = '#1d4f91',
  TARGET = '#8a1c1c',
  PROJECTION = '#1d4f91',
  DO_NOTHING = '#5a5a5a';

export function trajectoryChart(input: TrajectoryChartInput, layout: ChartLayout = WIDE): TrajectoryChart {
  const decimals =
    input.decimals ??
    Math.max(...[input.baseline.value, input.target.value, ...input.measurements.map((m) => m.value)].map(decimalsOf));
  const fmt = (v: number) => formatValue(v, input.unit, decimals);
  const baseline: Dated = { date: periodEnd(input.baseline.period), value: input.baseline.value };
  const target: Dated = { date: periodEnd(input.target.period), value: input.target.value };
  const dated = input.measurements.map((m, i) => ({ ...m, i, date: periodEnd(m.period) }));
  // The latest point by the progress figures' own rule (latest date; ties: recorded last); drawn in date order.
  const latest = latestOf(dated);
  const measured = [...dated].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.i - b.i));
  const doNothing = input.doNothing ? { date: periodEnd(input.doNothing.period), value: input.doNothing.value } : null;
  const pace = input.actualPacePerYear;
  const projection =
    latest && pace !== null && latest.date < target.date
      ? { from: latest, to: { date: target.date, value: projectedValue(latest, pace, target.date) } }
      : null;

  const dates = [baseline.date, target.date, ...measured.map((m) => m.date), ...(doNothing ? [doNothing.date] : [])];
  const values = [
    baseline.value,
    target.value,
    ...measured.flatMap((m) => (m.correctedFrom != null ? [m.value, m.correctedFrom] : [m.value])),
    ...(projection ? [projection.to.value] : []),
    ...(doNothing ? [doNothing.value] : []),
  ];
  const scale = scales(layout, dates, values);
  const { x, y } = scale;
  const pt = (d: Dated) => `${r1(x(d.date))},${r1(y(d.value))}`;
  const parts = axes(layout, scale, input.unit);

  // Target line: from baseline to the target date, then its marker.
  parts.push(
    `<line class="target" x1="${r1(x(baseline.date))}" x2="${r1(x(target.date))}" y1="${r1(y(target.value))}" y2="${r1(y(target.value))}" stroke="${TARGET}" stroke-width="2" stroke-dasharray="8 4"/>`,
    `<path class="target-marker" d="M${r1(x(target.date))},${r1(y(target.value) - 7)}l7,7l-7,7l-7,-7z" fill="${TARGET}"/>`,
  );
  if (doNothing) {
    parts.push(
      `<line class="do-nothing" x1="${r1(x(baseline.date))}" y1="${r1(y(baseline.value))}" x2="${r1(x(doNothing.date))}" y2="${r1(y(doNothing.value))}" stroke="${DO_NOTHING}" stroke-width="2" stroke-dasharray="2 4"/>`,
    );
  }
  if (projection) {
    parts.push(
      `<line class="projection" x1="${r1(x(projection.from.date))}" y1="${r1(y(projection.from.value))}" x2="${r1(x(projection.to.date))}" y2="${r1(y(projection.to.value))}" stroke="${PROJECTION}" stroke-width="2" stroke-dasharray="4 3"/>`,
    );
  }
  const series = [baseline, ...measured];
  if (series.length > 1) {
    parts.push(
      `<polyline class="actual" points="${series.map(pt).join(' ')}" fill="none" stroke="${ACTUAL}" stroke-width="2.5"/>`,
    );
  }
  parts.push(
    `<rect class="baseline-marker" x="${r1(x(baseline.date) - 5)}" y="${r1(y(baseline.value) - 5)}" width="10" height="10" fill="${INK}"><title>${escapeXml(`Baseline ${input.baseline.period}: ${fmt(baseline.value)}`)}</title></rect>`,
  );
  for (const m of measured) {
    const cx = r1(x(m.date)),
      cy = r1(y(m.value));
    if (m.correctedFrom != null) {
      // A corrected point: a hollow ring on the corrected value, a cross on the value first recorded, joined.
      const oy = r1(y(m.correctedFrom));
      parts.push(
        `<g class="correction"><line x1="${cx}" x2="${cx}" y1="${oy}" y2="${cy}" stroke="${TARGET}" stroke-dasharray="2 2"/>`,
        `<path d="M${r1(x(m.date) - 4)},${r1(y(m.correctedFrom) - 4)}l8,8m0,-8l-8,8" stroke="${TARGET}" stroke-width="2"/>`,
        `<circle cx="${cx}" cy="${cy}" r="5.5" fill="#ffffff" stroke="${ACTUAL}" stroke-width="2.5"><title>${escapeXml(`${m.period}: ${fmt(m.value)}, corrected from ${fmt(m.correctedFrom)}`)}</title></circle></g>`,
      );
    } else {
      parts.push(
        `<circle class="measurement" cx="${cx}" cy="${cy}" r="4.5" fill="${ACTUAL}"><title>${escapeXml(`${m.period}: ${fmt(m.value)}`)}</title></circle>`,
      );
    }
  }
  parts.push(
    trajectoryLegend(
      layout,
      Boolean(projection),
      Boolean(doNothing),
      measured.some((m) => m.correctedFrom != null),
    ),
  );

  const summary = summarise(input, fmt, decimals, latest, projection?.to ?? null);
  const svg = chartSvg(layout, 'trajectory-chart', `chart-${input.id}`, {
    title: `${input.name}: trajectory from baseline to target`,
    desc: summary,
    body: parts.join(''),
  });
  return { svg, summary, rows: rowsOf(input, measured, fmt, decimals, projection?.to ?? null, doNothing) };
}

function trajectoryLegend(layout: ChartLayout, projection: boolean, doNothing: boolean, corrections: boolean): string {
  const items: [string, string][] = [
    [
      `<line x1="0" x2="22" y1="0" y2="0" stroke="${ACTUAL}" stroke-width="2.5"/><circle cx="11" cy="0" r="4" fill="${ACTUAL}"/>`,
      'Measured',
    ],
    [`<line x1="0" x2="22" y1="0" y2="0" stroke="${TARGET}" stroke-width="2" stroke-dasharray="8 4"/>`, 'Target'],
  ];
  if (projection)
    items.push([
      `<line x1="0" x2="22" y1="0" y2="0" stroke="${PROJECTION}" stroke-width="2" stroke-dasharray="4 3"/>`,
      'At current pace',
    ]);
  if (doNothing)
    items.push([
      `<line x1="0" x2="22" y1="0" y2="0" stroke="${DO_NOTHING}" stroke-width="2" stroke-dasharray="2 4"/>`,
      'If nothing changed',
    ]);
  if (corrections)
    items.push([`<circle cx="11" cy="0" r="5" fill="#ffffff" stroke="${ACTUAL}" stroke-width="2.5"/>`, 'Corrected']);
  return legend(layout, items);
}

function summarise(
  input: TrajectoryChartInput,
  fmt: (v: number) => string,
  decimals: number,
  latest: (Dated & { period: string }) | null,
  projected: Dated | null,
): string {
  const parts = [
    `Baseline ${fmt(input.baseline.value)} (${input.baseline.period}); target ${fmt(input.target.value)} by ${input.target.period}.`,
  ];
  if (!latest) return `${parts[0]} No measurement recorded yet.`;
  parts.push(`Latest ${fmt(latest.value)} (${latest.period}).`);
  if (input.actualPacePerYear !== null) {
    parts.push(
      `Current pace ${formatSigned(input.actualPacePerYear, decimals + 1)} a year` +
        (projected ? `, which would give ${fmt(projected.value)} by ${formatDate(projected.date)}.` : '.'),
    );
  }
  if (input.requiredPacePerYear != null)
    parts.push(`Pace needed ${formatSigned(input.requiredPacePerYear, decimals + 1)} a year.`);
  if (input.projectedReach)
    parts.push(
      input.referenceDay !== undefined && input.projectedReach <= input.referenceDay
        ? `At the current pace the target would already have been reached on ${formatDate(input.projectedReach)}, a date now past.`
        : `At the current pace the target would be reached on ${formatDate(input.projectedReach)}.`,
    );
  return parts.join(' ');
}

function rowsOf(
  input: TrajectoryChartInput,
  measured: (ChartPoint & { date: string })[],
  fmt: (v: number) => string,
  decimals: number,
  projected: Dated | null,
  doNothing: Dated | null,
): ChartRow[] {
  const rows: ChartRow[] = [
    { label: 'Baseline', period: input.baseline.period, value: fmt(input.baseline.value), note: '' },
  ];
  for (const m of measured) {
    rows.push({
      label: 'Measured',
      period: m.period,
      value: fmt(m.value),
      note: m.correctedFrom != null ? `corrected from ${fmt(m.correctedFrom)}` : '',
    });
  }
  rows.push({ label: 'Target', period: input.target.period, value: fmt(input.target.value), note: '' });
  if (projected) {
    rows.push({
      label: 'At current pace',
      period: projected.date,
      value: fmt(projected.value),
      note: `pace ${formatSigned(input.actualPacePerYear ?? 0, decimals + 1)} a year`,
    });
  }
  if (doNothing && input.doNothing) {
    rows.push({
      label: 'If nothing changed',
      period: input.doNothing.period,
      value: fmt(doNothing.value),
      note: 'forecast fixed at definition',
    });
  }
  return rows;
}

/**
 * A small trend line of a share travelled (0 = baseline, 100 = target) over time, for a list of journeys: every
 * line on one scale from 0 to 100 (wider when a figure goes beyond), so lines compare at a glance. Decorative
 * (aria-hidden): the page says the same figures in words beside it.
 */
export function trendLine(points: readonly { date: string; value: number }[], width = 120, height = 32): string {
  if (points.length < 2) return '';
  const lo = Math.min(0, ...points.map((p) => p.value));
  const hi = Math.max(100, ...points.map((p) => p.value));
  const t0 = dateMs(points[0]!.date);
  const t1 = Math.max(dateMs(points[points.length - 1]!.date), t0 + MS_PER_DAY);
  const x = (d: string) => r1(2 + ((dateMs(d) - t0) / (t1 - t0)) * (width - 4));
  const y = (v: number) => r1(2 + (1 - (v - lo) / (hi - lo)) * (height - 4));
  const last = points[points.length - 1]!;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="trend-line" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true" focusable="false">` +
    `<line x1="2" x2="${width - 2}" y1="${y(100)}" y2="${y(100)}" stroke="${GRID}" stroke-dasharray="3 3"/>` +
    `<line x1="2" x2="${width - 2}" y1="${y(0)}" y2="${y(0)}" stroke="${GRID}"/>` +
    `<polyline points="${points.map((p) => `${x(p.date)},${y(p.value)}`).join(' ')}" fill="none" stroke="${ACTUAL}" stroke-width="2"/>` +
    `<circle cx="${x(last.date)}" cy="${y(last.value)}" r="3" fill="${ACTUAL}"/></svg>`
  );
}
