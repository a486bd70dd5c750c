import { latestOf, projectedValue } from '../../projections/progress-math.js';
import { dateMs, MAX_MAGNITUDE, MS_PER_DAY, periodEnd } from '../events/index.js';
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

/**
 * A chart's drawing size. The wide one fits a page column; the narrow one is drawn for a phone at about the size it
 * is shown (a 390 px screen), so its text stays at least 12 px there rather than shrinking with a wide drawing.
 */
export interface ChartLayout {
  name: 'wide' | 'narrow';
  width: number;
  height: number;
  margin: { left: number; right: number; top: number; bottom: number };
  /** Axis labels and legend text, in drawing units. */
  fontSize: number;
  legendFontSize: number;
  legendColumns: number;
  maxYearTicks: number;
}
export const WIDE: ChartLayout = {
  name: 'wide',
  width: 640,
  height: 330,
  margin: { left: 64, right: 20, top: 16, bottom: 78 },
  fontSize: 11,
  legendFontSize: 12,
  legendColumns: 3,
  maxYearTicks: 8,
};
export const NARROW: ChartLayout = {
  name: 'narrow',
  width: 340,
  height: 330,
  margin: { left: 56, right: 12, top: 14, bottom: 108 },
  fontSize: 13,
  legendFontSize: 13,
  legendColumns: 2,
  maxYearTicks: 4,
};
const INK = '#1b1b1b',
  GRID = '#d0d0d0',
  ACTUAL = '#1d4f91',
  TARGET = '#8a1c1c',
  PROJECTION = '#1d4f91',
  DO_NOTHING = '#5a5a5a';

interface Dated {
  date: string;
  value: number;
}

/** A "nice" tick step (1, 2, 2.5 or 5 × 10^n) giving about `count` ticks over `span`. */
export function niceStep(span: number, count = 4): number {
  if (!(span > 0)) return 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

function valueDomain(values: number[]): { lo: number; hi: number; step: number } {
  let lo = Math.min(...values),
    hi = Math.max(...values);
  if (lo === hi) {
    const pad = Math.abs(lo) * 0.1 || 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo);
  return { lo: Math.floor(lo / step) * step, hi: Math.ceil(hi / step) * step, step };
}

const r1 = (n: number): string => String(Math.round(n * 10) / 10);

export function trajectoryChart(input: TrajectoryChartInput, layout: ChartLayout = WIDE): TrajectoryChart {
  const { width: W, height: H, margin: M, fontSize: FONT } = layout;
  const PLOT_W = W - M.left - M.right,
    PLOT_H = H - M.top - M.bottom;
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

  // Scales.
  const dates = [baseline.date, target.date, ...measured.map((m) => m.date), ...(doNothing ? [doNothing.date] : [])];
  const x0 = dateMs(dates.reduce((a, b) => (a < b ? a : b)));
  const x1 = Math.max(dateMs(dates.reduce((a, b) => (a > b ? a : b))), x0 + MS_PER_DAY);
  const values = [
    baseline.value,
    target.value,
    ...measured.flatMap((m) => (m.correctedFrom != null ? [m.value, m.correctedFrom] : [m.value])),
    ...(projection ? [projection.to.value] : []),
    ...(doNothing ? [doNothing.value] : []),
  ];
  // Figures are bounded (±10^15, src/events/primitives.ts); a ledger written before may hold larger ones, drawn at the
  // edge of that range so the scale's arithmetic stays finite (the table beside the chart gives them as they are).
  const drawn = (v: number) => Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, v));
  const dom = valueDomain(values.map(drawn));
  const x = (date: string) => M.left + ((dateMs(date) - x0) / (x1 - x0)) * PLOT_W;
  const y = (v: number) => M.top + (1 - (drawn(v) - dom.lo) / (dom.hi - dom.lo)) * PLOT_H;
  const pt = (d: Dated) => `${r1(x(d.date))},${r1(y(d.value))}`;

  const parts: string[] = [];
  // Grid and value axis.
  for (let v = dom.lo, k = 0; v <= dom.hi + dom.step / 1e6 && k < 50; v += dom.step, k++) {
    const yy = r1(y(v));
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${M.left - 6}" y="${yy}" dy="0.32em" text-anchor="end" font-size="${FONT}" fill="${INK}">${escapeXml(formatValue(v, input.unit, decimalsOf(dom.step)))}</text>`,
    );
  }
  // Year ticks on the time axis (every n years so labels never crowd).
  const yFrom = new Date(x0).getUTCFullYear() + 1,
    yTo = new Date(x1).getUTCFullYear();
  const every = Math.max(1, Math.ceil((yTo - yFrom + 1) / layout.maxYearTicks));
  for (let yr = yFrom; yr <= yTo; yr += every) {
    const xx = r1(x(`${yr}-01-01`));
    parts.push(
      `<line x1="${xx}" x2="${xx}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H + 4}" stroke="${INK}"/>`,
      `<text x="${xx}" y="${M.top + PLOT_H + 16}" text-anchor="middle" font-size="${FONT}" fill="${INK}">${yr}</text>`,
    );
  }
  parts.push(
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + PLOT_H}" y2="${M.top + PLOT_H}" stroke="${INK}"/>`,
  );

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
    legend(
      layout,
      Boolean(projection),
      Boolean(doNothing),
      measured.some((m) => m.correctedFrom != null),
    ),
  );

  const summary = summarise(input, fmt, decimals, latest, projection?.to ?? null);
  const suffix = layout.name === 'wide' ? '' : `-${layout.name}`;
  const titleId = `chart-${input.id}${suffix}-title`,
    descId = `chart-${input.id}${suffix}-desc`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="trajectory-chart" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" font-family="system-ui, sans-serif">` +
    `<title id="${escapeXml(titleId)}">${escapeXml(`${input.name}: trajectory from baseline to target`)}</title>` +
    `<desc id="${escapeXml(descId)}">${escapeXml(summary)}</desc>${parts.join('')}</svg>`;
  return { svg, summary, rows: rowsOf(input, measured, fmt, decimals, projection?.to ?? null, doNothing) };
}

function legend(layout: ChartLayout, projection: boolean, doNothing: boolean, corrections: boolean): string {
  const { width: W, height: H, margin: M, legendFontSize: fontSize, legendColumns: cols } = layout;
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
  const rows = Math.ceil(items.length / cols);
  const rowHeight = fontSize + 10;
  const colWidth = (W - M.left) / cols;
  return `<g class="legend" font-size="${fontSize}" fill="${INK}">${items
    .map(([mark, label], i) => {
      const col = i % cols,
        row = Math.floor(i / cols);
      // The wide chart keeps its first drawing (published reports re-render byte for byte).
      const wide = layout.name === 'wide';
      const y = wide ? ([H - 40, H - 18][row] ?? H - 18) : H - 10 - (rows - 1 - row) * rowHeight;
      const left = wide ? M.left + col * 190 : 8 + col * (colWidth + M.left / cols);
      return `<g transform="translate(${Math.round(left)},${y})">${mark}<text x="30" y="0" dy="0.32em">${label}</text></g>`;
    })
    .join('')}</g>`;
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
    parts.push(`At the current pace the target would be reached on ${formatDate(input.projectedReach)}.`);
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
