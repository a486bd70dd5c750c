import { periodEnd } from '../events/index.js';
import { axes, chartSvg, fitLabel, legend, r1, scales, WIDE, type ChartLayout, type Dated } from './chart-frame.js';
import { decimalsOf, escapeXml, formatDifference, formatValue, periodLabel } from './format.js';

/**
 * The gap chart (docs/decisions.md, "Gaps"): the focus group's line and the comparator's, the gap between them shaded
 * over every period both have a figure for, and the latest gap marked with its size; plus a text alternative with the
 * same figures (`summary`, `rows`). Like the trajectory chart (charts.ts) it is a pure function of its input, never
 * rests meaning on colour alone (a solid line with dots, a dashed line with squares, a hatched area, a legend) and
 * uses presentation attributes only. The figures are the projections' (projections/gap-math.ts): this only draws.
 */

export interface GapSeries {
  /** The group's name ("Whole population" for `all`). */
  name: string;
  /** Its figures, each with its latest correction applied. */
  points: readonly { period: string; value: number }[];
}

export interface GapChartInput {
  /** Used for element ids inside the SVG; unique per page. */
  id: string;
  /** The gap's name. */
  name: string;
  unit: string;
  focus: GapSeries;
  comparator: GapSeries;
  /** The gap's points (gap-math.ts): the periods both sides have a figure for, with the gap (positive = focus behind). */
  gaps: readonly { period: string; gap: number }[];
  /** The gap's own baseline and target, in the indicator's unit. */
  baseline: { value: number; period: string };
  target: { value: number; period: string };
}

export interface GapChartRow {
  period: string;
  focus: string;
  comparator: string;
  gap: string;
  note: string;
}
export interface GapChart {
  svg: string;
  summary: string;
  rows: GapChartRow[];
}

const FOCUS = '#1d4f91',
  COMPARATOR = '#8a3b00',
  SHADE = '#f3dcb0',
  HATCH = '#b0701c',
  INK = '#1b1b1b';

type DatedPoint = Dated & { period: string };
const byDate = <T extends { date: string }>(xs: readonly T[]): T[] =>
  [...xs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
const dated = (points: GapSeries['points']): DatedPoint[] =>
  byDate(points.map((p) => ({ period: p.period, value: p.value, date: periodEnd(p.period) })));

/** The gap chart's drawing: the trajectory chart's sizes, with room below for a legend of one item a row. */
const gapLayout = (layout: ChartLayout): ChartLayout => {
  const bottom = 36 + 3 * (layout.legendFontSize + 10);
  return {
    ...layout,
    height: layout.height - layout.margin.bottom + bottom,
    margin: { ...layout.margin, bottom },
  };
};

export function gapChart(input: GapChartInput, size: ChartLayout = WIDE): GapChart {
  const layout = gapLayout(size);
  const { width: W, height: H, margin: M, fontSize: FONT } = layout;
  const legendLabel = (name: string) => fitLabel(name, W - 8 - 30, layout.legendFontSize);
  const focus = dated(input.focus.points);
  const comparator = dated(input.comparator.points);
  const decimals = Math.max(
    ...[input.baseline.value, input.target.value, ...focus.map((p) => p.value), ...comparator.map((p) => p.value)].map(
      decimalsOf,
    ),
  );
  const fmt = (v: number) => formatValue(v, input.unit, decimals);
  const diff = (v: number) => formatDifference(v, input.unit, decimals);
  const comparatorIn = new Map(comparator.map((p) => [p.period, p]));
  const focusIn = new Map(focus.map((p) => [p.period, p]));
  // The shaded periods: the gap points, each drawn between the two figures it was computed from.
  const shaded = byDate(
    input.gaps.flatMap((g) => {
      const f = focusIn.get(g.period),
        c = comparatorIn.get(g.period);
      return f && c ? [{ period: g.period, date: f.date, focus: f.value, comparator: c.value, gap: g.gap }] : [];
    }),
  );
  const latest = shaded[shaded.length - 1] ?? null;

  const dates = [
    periodEnd(input.baseline.period),
    periodEnd(input.target.period),
    ...focus.map((p) => p.date),
    ...comparator.map((p) => p.date),
  ];
  const values = [...focus, ...comparator].map((p) => p.value);
  const scale = scales(layout, dates, values.length > 0 ? values : [0, 1]);
  const { x, y } = scale;
  const pt = (date: string, v: number) => `${r1(x(date))},${r1(y(v))}`;
  const parts = axes(layout, scale, input.unit);
  const suffix = layout.name === 'wide' ? '' : `-${layout.name}`;
  const hatchId = `gap-hatch-${input.id}${suffix}`;
  parts.push(
    `<defs><pattern id="${escapeXml(hatchId)}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="${SHADE}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${HATCH}" stroke-width="1.5"/></pattern></defs>`,
  );

  // The gap: an area from the focus line forward to the comparator line back; one period alone is a band.
  if (shaded.length > 1) {
    const edge = [
      ...shaded.map((s) => pt(s.date, s.focus)),
      ...[...shaded].reverse().map((s) => pt(s.date, s.comparator)),
    ];
    parts.push(`<polygon class="gap-area" points="${edge.join(' ')}" fill="url(#${escapeXml(hatchId)})"/>`);
  } else if (latest) {
    const top = Math.min(y(latest.focus), y(latest.comparator));
    parts.push(
      `<rect class="gap-area" x="${r1(x(latest.date) - 4)}" y="${r1(top)}" width="8" height="${r1(Math.abs(y(latest.focus) - y(latest.comparator)))}" fill="url(#${escapeXml(hatchId)})"/>`,
    );
  }

  const line = (points: DatedPoint[], cls: string, stroke: string, dash: string) =>
    points.length > 1
      ? `<polyline class="${cls}" points="${points.map((p) => pt(p.date, p.value)).join(' ')}" fill="none" stroke="${stroke}" stroke-width="2.5"${dash}/>`
      : '';
  parts.push(line(comparator, 'comparator', COMPARATOR, ' stroke-dasharray="7 4"'), line(focus, 'focus', FOCUS, ''));
  const label = (series: GapSeries, p: DatedPoint) =>
    `<title>${escapeXml(`${series.name}, ${periodLabel(p.period)}: ${fmt(p.value)}`)}</title>`;
  for (const p of comparator)
    parts.push(
      `<rect class="comparator-point" x="${r1(x(p.date) - 4.5)}" y="${r1(y(p.value) - 4.5)}" width="9" height="9" fill="${COMPARATOR}">${label(input.comparator, p)}</rect>`,
    );
  for (const p of focus)
    parts.push(
      `<circle class="focus-point" cx="${r1(x(p.date))}" cy="${r1(y(p.value))}" r="4.5" fill="${FOCUS}">${label(input.focus, p)}</circle>`,
    );
  if (latest) {
    // The latest gap's size, beside it: the figure people ask of this chart first.
    const xx = r1(x(latest.date) - 10);
    const mid = r1((y(latest.focus) + y(latest.comparator)) / 2);
    parts.push(
      `<text class="gap-label" x="${xx}" y="${mid}" dy="0.32em" text-anchor="end" font-size="${FONT}" font-weight="bold" fill="${INK}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(`Gap ${diff(latest.gap)}`)}</text>`,
    );
  }
  if (values.length === 0) {
    parts.push(
      `<text x="${M.left + 12}" y="${r1(M.top + (H - M.top - M.bottom) / 2)}" font-size="${FONT}" fill="${INK}">No figure recorded for either side yet</text>`,
    );
  }
  parts.push(
    legend(
      layout,
      [
        [
          `<line x1="0" x2="22" y1="0" y2="0" stroke="${FOCUS}" stroke-width="2.5"/><circle cx="11" cy="0" r="4" fill="${FOCUS}"/>`,
          legendLabel(input.focus.name),
        ],
        [
          `<line x1="0" x2="22" y1="0" y2="0" stroke="${COMPARATOR}" stroke-width="2.5" stroke-dasharray="7 4"/><rect x="7" y="-4" width="8" height="8" fill="${COMPARATOR}"/>`,
          legendLabel(input.comparator.name),
        ],
        [
          `<rect x="0" y="-7" width="22" height="14" fill="url(#${escapeXml(hatchId)})" stroke="${HATCH}"/>`,
          'The gap between them',
        ],
      ],
      1,
    ),
  );

  const summary = summarise(input, fmt, diff, latest, shaded.length);
  const svg = chartSvg(layout, 'gap-chart', `gap-chart-${input.id}`, {
    title: `${input.name}: ${input.focus.name} against ${input.comparator.name}`,
    desc: summary,
    body: parts.join(''),
  });
  return { svg, summary, rows: rowsOf(input, focus, comparator, fmt, diff, new Map(shaded.map((s) => [s.period, s]))) };
}

function summarise(
  input: GapChartInput,
  fmt: (v: number) => string,
  diff: (v: number) => string,
  latest: { period: string; focus: number; comparator: number; gap: number } | null,
  periods: number,
): string {
  const start = `The gap started at ${diff(input.baseline.value)} in ${periodLabel(input.baseline.period)}; the target is ${diff(input.target.value)} by ${periodLabel(input.target.period)}.`;
  if (!latest) return `${start} No period has a figure for both ${input.focus.name} and ${input.comparator.name} yet.`;
  return (
    `${start} In ${periodLabel(latest.period)}, ${input.focus.name} stood at ${fmt(latest.focus)} and ${input.comparator.name} at ` +
    `${fmt(latest.comparator)}: a gap of ${diff(latest.gap)}${latest.gap < 0 ? `, with ${input.focus.name} ahead` : ''}. ` +
    `${periods === 1 ? 'One period has' : `${periods} periods have`} a figure for both.`
  );
}

function rowsOf(
  input: GapChartInput,
  focus: DatedPoint[],
  comparator: DatedPoint[],
  fmt: (v: number) => string,
  diff: (v: number) => string,
  shaded: Map<string, { gap: number }>,
): GapChartRow[] {
  const periods = byDate(
    [...new Set([...focus, ...comparator].map((p) => p.period))].map((period) => ({ period, date: periodEnd(period) })),
  );
  const f = new Map(focus.map((p) => [p.period, p.value]));
  const c = new Map(comparator.map((p) => [p.period, p.value]));
  const rows: GapChartRow[] = [
    {
      period: periodLabel(input.baseline.period),
      focus: '',
      comparator: '',
      gap: diff(input.baseline.value),
      note: 'The gap’s baseline',
    },
  ];
  for (const { period } of periods) {
    const fv = f.get(period),
      cv = c.get(period),
      g = shaded.get(period);
    rows.push({
      period: periodLabel(period),
      focus: fv === undefined ? '—' : fmt(fv),
      comparator: cv === undefined ? '—' : fmt(cv),
      gap: g ? diff(g.gap) : '—',
      note:
        fv === undefined
          ? `No figure for ${input.focus.name}`
          : cv === undefined
            ? `No figure for ${input.comparator.name}`
            : g && g.gap < 0
              ? `${input.focus.name} ahead`
              : '',
    });
  }
  rows.push({
    period: periodLabel(input.target.period),
    focus: '',
    comparator: '',
    gap: diff(input.target.value),
    note: 'The gap’s target',
  });
  return rows;
}
