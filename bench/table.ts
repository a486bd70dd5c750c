import type { Cells, FigureDef, Judgement } from './figures.js';
import { p99Of, ratio } from './figures.js';
import type { BenchConfig, TaskResult } from './harness.js';

/** The one table the bench prints (and docs/performance.md shows), as Markdown so it pastes as is. */

export interface FigureOutcome {
  def: FigureDef;
  cells: Cells;
  judgement: Judgement;
}

const fmtNumber = (n: number, digits = 0): string =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function fmtValue(r: TaskResult | undefined): string {
  if (!r) return '—';
  if (!r.ok) return r.missing ? `not measured: ${r.missing} missing` : `error: ${r.error}`;
  const m = r.measurement;
  if (m.unit === 'ms') return `${fmtNumber(m.value, m.value < 100 ? 1 : 0)} ms`;
  const cpu = m.extra?.cpuUsPerEvent;
  return `${fmtNumber(m.value)} ${m.unit === 'events/s' ? 'ev/s' : 'req/s'}${typeof cpu === 'number' ? ` (CPU ${fmtNumber(cpu, 1)} µs/ev)` : ''}`;
}

const rss = (r: TaskResult | undefined): string =>
  r && r.ok && r.measurement.peakRssMb !== undefined ? `${r.measurement.peakRssMb} MB` : '';
const p99 = (r: TaskResult | undefined): string => {
  const p = p99Of(r);
  return p === null ? '' : `${fmtNumber(p, 1)} ms`;
};
const val = (r: TaskResult | undefined): number | null => (r && r.ok ? r.measurement.value : null);

export function renderTable(outcomes: FigureOutcome[], config: BenchConfig): string {
  const head = [
    'figure',
    'ours',
    'p99',
    'peak RSS',
    'baseline',
    'baseline value',
    'RSS',
    'ratio',
    'Emmett (peer)',
    'target',
    'met?',
  ];
  const rows: string[][] = [];
  for (const { def, cells, judgement } of outcomes) {
    const r = def.ratioOf ? def.ratioOf(cells) : ratio(val(cells.ours), val(cells.baseline));
    const met =
      judgement.met === true
        ? 'yes'
        : judgement.met === false
          ? `**no** (${judgement.why.replace(/^missed: /, '')})`
          : 'not judged';
    rows.push([
      def.label,
      fmtValue(cells.ours),
      p99(cells.ours),
      rss(cells.ours),
      def.baseline?.label ?? '—',
      def.baseline ? `${fmtValue(cells.baseline)}${p99(cells.baseline) ? `, p99 ${p99(cells.baseline)}` : ''}` : '—',
      rss(cells.baseline),
      r === null ? '—' : `${fmtNumber(r, 2)} ×`,
      def.peer ? `${fmtValue(cells.peer)}${rss(cells.peer) ? ` (${rss(cells.peer)})` : ''}` : '—',
      def.target(config),
      met,
    ]);
    for (const x of cells.extraBaselines ?? []) {
      const rx = ratio(val(cells.ours), val(x.result));
      rows.push([
        '',
        '',
        '',
        '',
        x.label,
        `${fmtValue(x.result)}${p99(x.result) ? `, p99 ${p99(x.result)}` : ''}`,
        rss(x.result),
        rx === null ? '—' : `${fmtNumber(rx, 2)} ×`,
        '',
        '',
        '',
      ]);
    }
  }
  const line = (cells: string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
