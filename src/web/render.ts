import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { NARROW, WIDE, type ChartLayout } from '../present/chart-frame.js';
import { trajectoryChart, trendLine } from '../present/charts.js';
import { gapChart, type GapChartInput } from '../present/gap-chart.js';
import {
  decimalsOf,
  formatDifference,
  formatNumber,
  formatSigned,
  formatValue,
  formatWhen,
} from '../present/format.js';
import { RBA_QUESTION, statusLabel } from '../present/labels.js';
import type { WebIndicator } from './read-model.js';

/**
 * Handlebars, server side. Pages live in views/ (layouts/, partials/, pages/); views/reports/ belongs to the
 * reports and is not loaded here. User text is only ever output with {{ }} (escaped); the one {{{ }}}-free
 * exception is the chart helper, which returns markup built by charts.ts with every text escaped there.
 */

export type Renderer = (page: string, context: Record<string, unknown>, layout?: string | null) => string;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.hbs') ? [p] : [];
  });
}
const nameOf = (root: string, file: string) =>
  relative(root, file)
    .replace(/\.hbs$/, '')
    .split(sep)
    .join('/');

export function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
  hb.registerHelper('length', (list: unknown) => (Array.isArray(list) ? list.length : 0));
  hb.registerHelper('statusLabel', (s: unknown) => statusLabel(String(s)));
  hb.registerHelper(
    'questionLabel',
    (s: unknown) => RBA_QUESTION[String(s) as keyof typeof RBA_QUESTION]?.label ?? String(s),
  );
  /** A date or instant, en-GB: "25 Nov 2026", with the time when it has one: "25 Nov 2026, 14:02 UTC". */
  hb.registerHelper('when', (s: unknown) => (typeof s !== 'string' || s.length < 10 ? '' : formatWhen(s)));
  hb.registerHelper('pct', (n: unknown) => (typeof n === 'number' ? `${formatNumber(n, 1)}%` : '—'));
  hb.registerHelper('num', (n: unknown) =>
    typeof n === 'number' ? formatNumber(n, Number.isInteger(n) ? 0 : 2) : '—',
  );
  hb.registerHelper('value', (n: unknown, unit: unknown) =>
    typeof n === 'number' ? formatValue(n, String(unit ?? ''), Number.isInteger(n) ? 0 : 1) : '—',
  );
  /** A difference, such as a gap, in its unit: "6.0 points" for a percentage, "1.5 years". */
  hb.registerHelper('difference', (n: unknown, unit: unknown) =>
    typeof n === 'number' ? formatDifference(n, String(unit ?? ''), Math.max(1, decimalsOf(n))) : '—',
  );
  hb.registerHelper('signed', (n: unknown) => (typeof n === 'number' ? formatSigned(n, 2) : '—'));
  hb.registerHelper('errorFor', (errors: unknown, field: unknown) =>
    errors && typeof errors === 'object' ? (errors as Record<string, string>)[String(field)] : undefined,
  );
  hb.registerHelper('join', (list: unknown, sepr: unknown) =>
    Array.isArray(list) ? list.join(typeof sepr === 'string' ? sepr : ', ') : '',
  );
  /** The trajectory chart of an IndicatorProgress: markup from charts.ts, which escapes every text it draws. */
  hb.registerHelper('chart', (p: WebIndicator) => new hb.SafeString(chartOf(p).svg));
  hb.registerHelper('chartNarrow', (p: WebIndicator) => new hb.SafeString(chartOf(p, NARROW).svg));
  /** A journey's trend line (charts.ts draws it from numbers only). */
  hb.registerHelper(
    'trend',
    (points: unknown) =>
      new hb.SafeString(Array.isArray(points) ? trendLine(points as { date: string; value: number }[]) : ''),
  );
  hb.registerHelper('chartRows', (p: WebIndicator) => chartOf(p).rows);
  /** A gap's chart (gap-chart.ts, which escapes every text it draws), its narrow drawing and its figures. */
  hb.registerHelper('gapChart', (c: GapChartInput) => new hb.SafeString(gapChart(c).svg));
  hb.registerHelper('gapChartNarrow', (c: GapChartInput) => new hb.SafeString(gapChart(c, NARROW).svg));
  hb.registerHelper('gapChartRows', (c: GapChartInput) => gapChart(c).rows);
  hb.registerHelper('chartSummary', (p: WebIndicator) => chartOf(p).summary);
}

const chartOf = (p: WebIndicator, layout: ChartLayout = WIDE) =>
  trajectoryChart(
    {
      id: p.indicatorId,
      name: p.name,
      unit: p.unit,
      direction: p.direction,
      baseline: p.baseline,
      target: p.target,
      measurements: p.points,
      actualPacePerYear: p.actualPacePerYear,
      requiredPacePerYear: p.requiredPacePerYear,
      projectedReach: p.projectedReach,
      doNothing: p.doNothing,
    },
    layout,
  );

/** Compiles every page, layout and partial under `viewsDir` once; views/reports/ is left to the reports. */
export function createRenderer(viewsDir: string): Renderer {
  const hb = Handlebars.create();
  registerHelpers(hb);
  const partialsDir = join(viewsDir, 'partials');
  for (const f of filesUnder(partialsDir)) hb.registerPartial(nameOf(partialsDir, f), readFileSync(f, 'utf8'));
  const compile = (f: string) => hb.compile(readFileSync(f, 'utf8'), { strict: false, preventIndent: true });
  const layouts = new Map(
    filesUnder(join(viewsDir, 'layouts')).map((f) => [nameOf(join(viewsDir, 'layouts'), f), compile(f)]),
  );
  const pagesDir = join(viewsDir, 'pages');
  const pages = new Map(filesUnder(pagesDir).map((f) => [nameOf(pagesDir, f), compile(f)]));
  return (page, context, layout = 'main') => {
    const template = pages.get(page);
    if (!template) throw new Error(`no page view ${page}`);
    const body = template(context);
    if (layout === null) return body;
    const wrap = layouts.get(layout);
    if (!wrap) throw new Error(`no layout ${layout}`);
    return wrap({ ...context, body: new hb.SafeString(body) });
  };
}
