import { dateMs, MAX_MAGNITUDE, MS_PER_DAY } from '../events/index.js';
import { decimalsOf, escapeXml, formatValue } from './format.js';

/**
 * What every chart drawn on the server shares (the trajectory chart, charts.ts; the gap chart, gap-chart.ts): the
 * two drawing sizes, the value and time scales, the grid and axes, and the legend. Pure functions of numbers.
 */

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
export const INK = '#1b1b1b',
  GRID = '#d0d0d0';

export interface Dated {
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

export function valueDomain(values: number[]): { lo: number; hi: number; step: number } {
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

export const r1 = (n: number): string => String(Math.round(n * 10) / 10);

/** The value and time scales of a plot, from every date and value it must hold. */
export interface Scales {
  x: (date: string) => number;
  y: (v: number) => number;
  dom: { lo: number; hi: number; step: number };
  x0: number;
  x1: number;
}
export function scales(layout: ChartLayout, dates: readonly string[], values: number[]): Scales {
  const { width: W, height: H, margin: M } = layout;
  const PLOT_W = W - M.left - M.right,
    PLOT_H = H - M.top - M.bottom;
  const x0 = dateMs(dates.reduce((a, b) => (a < b ? a : b)));
  const x1 = Math.max(dateMs(dates.reduce((a, b) => (a > b ? a : b))), x0 + MS_PER_DAY);
  // Figures are bounded (±10^15, src/events/primitives.ts); a ledger written before may hold larger ones, drawn at the
  // edge of that range so the scale's arithmetic stays finite (the table beside a chart gives them as they are).
  const drawn = (v: number) => Math.max(-MAX_MAGNITUDE, Math.min(MAX_MAGNITUDE, v));
  const dom = valueDomain(values.map(drawn));
  const x = (date: string) => M.left + ((dateMs(date) - x0) / (x1 - x0)) * PLOT_W;
  const y = (v: number) => M.top + (1 - (drawn(v) - dom.lo) / (dom.hi - dom.lo)) * PLOT_H;
  return { x, y, dom, x0, x1 };
}

/** The grid with its value labels, the year ticks (every n years so labels never crowd) and the time axis. */
export function axes(layout: ChartLayout, s: Scales, unit: string): string[] {
  const { width: W, height: H, margin: M, fontSize: FONT } = layout;
  const PLOT_H = H - M.top - M.bottom;
  const { dom, y, x } = s;
  const parts: string[] = [];
  for (let v = dom.lo, k = 0; v <= dom.hi + dom.step / 1e6 && k < 50; v += dom.step, k++) {
    const yy = r1(y(v));
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="${GRID}" stroke-width="1"/>`,
      `<text x="${M.left - 6}" y="${yy}" dy="0.32em" text-anchor="end" font-size="${FONT}" fill="${INK}">${escapeXml(formatValue(v, unit, decimalsOf(dom.step)))}</text>`,
    );
  }
  const yFrom = new Date(s.x0).getUTCFullYear() + 1,
    yTo = new Date(s.x1).getUTCFullYear();
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
  return parts;
}

/**
 * A legend: each item a mark (drawn 22 units wide around y = 0) and its label, in the layout's columns, or in
 * `columns` rows from the bottom up when a chart's labels are long (names people gave their groups).
 */
export function legend(
  layout: ChartLayout,
  items: readonly (readonly [mark: string, label: string])[],
  columns?: number,
): string {
  const { width: W, height: H, margin: M, legendFontSize: fontSize } = layout;
  const cols = columns ?? layout.legendColumns;
  const rows = Math.ceil(items.length / cols);
  const rowHeight = fontSize + 10;
  const colWidth = (W - M.left) / cols;
  // The wide chart keeps its first drawing (published reports re-render byte for byte).
  const fixed = layout.name === 'wide' && columns === undefined;
  return `<g class="legend" font-size="${fontSize}" fill="${INK}">${items
    .map(([mark, label], i) => {
      const col = i % cols,
        row = Math.floor(i / cols);
      const y = fixed ? ([H - 40, H - 18][row] ?? H - 18) : H - 10 - (rows - 1 - row) * rowHeight;
      const left = fixed ? M.left + col * 190 : 8 + col * (colWidth + M.left / cols);
      return `<g transform="translate(${Math.round(left)},${y})">${mark}<text x="30" y="0" dy="0.32em">${escapeXml(label)}</text></g>`;
    })
    .join('')}</g>`;
}

/** A label cut to what fits in `width` drawing units at `fontSize` (about 0.55 em a character), with an ellipsis. */
export function fitLabel(label: string, width: number, fontSize: number): string {
  const most = Math.max(4, Math.floor(width / (fontSize * 0.55)));
  return label.length <= most ? label : `${label.slice(0, most - 1).trimEnd()}…`;
}

/**
 * The chart's svg element: labelled by its title and described by its summary (ids from `idBase`, suffixed for the
 * narrow drawing so both can sit on one page), sized by the layout's viewBox.
 */
export function chartSvg(
  layout: ChartLayout,
  className: string,
  idBase: string,
  content: { title: string; desc: string; body: string },
): string {
  const suffix = layout.name === 'wide' ? '' : `-${layout.name}`;
  const titleId = `${idBase}${suffix}-title`,
    descId = `${idBase}${suffix}-desc`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${className}" viewBox="0 0 ${layout.width} ${layout.height}" width="100%" role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" font-family="system-ui, sans-serif">` +
    `<title id="${escapeXml(titleId)}">${escapeXml(content.title)}</title>` +
    `<desc id="${escapeXml(descId)}">${escapeXml(content.desc)}</desc>${content.body}</svg>`
  );
}
