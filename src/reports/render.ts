import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { byPosition, sha256Hex } from '../events/index.js';
import { lastChangeText } from './city-sentences.js';
import { longDate } from '../present/format.js';
import type { ReportModel } from './model.js';
import { markdownText } from './markdown.js';
import type { Sentence } from './sentences.js';

/**
 * Rendering of a report model with the Handlebars templates in views/reports/: printable HTML with the inline SVG
 * trajectory charts, and Markdown. Deterministic: no clock, no random ids, stable ordering — the same model
 * gives the same bytes, and the model is a function of (period, ledger position).
 */
export interface RenderedFile {
  name: string;
  body: string;
  sha256: string;
  contentType: string;
}

interface NoteLink {
  entry: number;
  /** The entry on its journey's timeline. */
  href: string;
  /** Its inclusion proof in the tree the report was made from. */
  proof: string;
}
interface Note {
  n: number;
  links: NoteLink[];
}
interface Line {
  text: string;
  note: number | null;
}

const here = dirname(fileURLToPath(import.meta.url));
/** views/reports, from src/reports (tsx/vitest) or dist/src/reports (compiled). */
export const REPORT_VIEWS_DIR =
  [join(here, '../../views/reports'), join(here, '../../../views/reports')].find((d) => existsSync(d)) ??
  join(here, '../../views/reports');

function templates(dir: string) {
  const html = Handlebars.create();
  const md = Handlebars.create();
  md.registerHelper('md', (s: unknown) => markdownText(String(s ?? '')));
  return {
    html: html.compile(readFileSync(join(dir, 'report.html.hbs'), 'utf8'), { strict: false }),
    md: md.compile(readFileSync(join(dir, 'report.md.hbs'), 'utf8'), { noEscape: true }),
  };
}
let compiled: ReturnType<typeof templates> | null = null;

/** An entry of a journey's timeline (the page anchors each entry at its entry number). */
export const timelineHref = (journeyId: string, entry: number): string =>
  `/journeys/${encodeURIComponent(journeyId)}/timeline#pos-${entry}`;

/** The inclusion proof of an entry in the tree of the first `treeSize` entries (the proof route takes entry numbers). */
export const inclusionProofHref = (entry: number, treeSize: number): string =>
  `/api/ledger/proof/inclusion?entry=${entry}&treeSize=${treeSize}`;

/**
 * Number the footnotes in reading order: one note per sentence that cites anything. Notes cite entry numbers, which
 * every store tells the same, so the report renders to the same bytes after a migration.
 */
function noter(model: Pick<ReportModel, 'entries' | 'treeSize'>) {
  const notes: Note[] = [];
  const entryOf = (position: string): number => {
    const entry = model.entries[position];
    if (entry === undefined) throw new Error(`the report cites position ${position} without its entry number`);
    return entry;
  };
  const line = (s: Sentence): Line => {
    if (s.cites.length === 0) return { text: s.text, note: null };
    const n = notes.length + 1;
    const cites = [...s.cites].sort(byPosition);
    notes.push({
      n,
      links: cites.map((c) => {
        const entry = entryOf(c.position);
        return { entry, href: timelineHref(c.journeyId, entry), proof: inclusionProofHref(entry, model.treeSize) };
      }),
    });
    return { text: s.text, note: n };
  };
  const key = (s: Sentence | undefined): string =>
    s
      ? s.cites
          .map((c) => `${c.journeyId}@${c.position}`)
          .sort()
          .join(' ')
      : '';
  // A run of sentences resting on the same events shares one note, placed after the last of them.
  const lines = (xs: Sentence[]): Line[] =>
    xs.map((s, i) => (s.cites.length > 0 && key(xs[i + 1]) === key(s) ? { text: s.text, note: null } : line(s)));
  return { notes, line, lines };
}

/** The view model both templates read. */
export function reportView(model: ReportModel) {
  const { notes, lines } = noter(model);
  const city = lines(model.city.sentences);
  const journeys = model.journeys.map((j) => ({
    ...j,
    partnersText: j.partners.join(', '),
    horizonText: longDate(j.horizon),
    indicators: j.indicators.map((i) => ({
      ...i,
      lines: lines(i.sentences),
      svg: i.chart.svg,
      chartSummary: i.chart.summary,
    })),
    sections: j.sections.map((s) => ({
      heading: s.heading,
      paragraphs: s.paragraphs.map(lines),
      items: lines(s.items),
    })),
  }));
  return {
    period: model.period,
    periodLabel: model.periodLabel,
    from: longDate(model.from),
    to: longDate(model.to),
    treeSize: model.treeSize,
    digest: model.digest,
    ledger: ledgerDetails(model),
    title: `Journey Ledger quarterly report: ${model.periodLabel}`,
    city,
    rows: model.city.rows.map((r) => ({
      ...r,
      lastChangeText: lastChangeText(r),
      decisionsCount: r.decisions.length,
      openCount: r.openChallenges.length,
      overdueCount: r.overdue.length,
    })),
    journeys,
    notes,
  };
}

/** The "ledger details" block at the end of a report: what a reader needs to check it against the ledger. */
function ledgerDetails(model: ReportModel) {
  const h = model.treeHead;
  const signed = 'signature' in h ? h : null;
  return {
    treeSize: h.treeSize,
    rootHash: h.rootHash,
    digest: model.digest,
    signed: signed !== null,
    signedAt: signed?.signedAt ?? '',
    signature: signed?.signature ?? '',
    keyId: signed?.keyId ?? '',
  };
}

export const reportFileNames = (period: string) => ({ html: `report-${period}.html`, md: `report-${period}.md` });

export function renderReport(model: ReportModel, viewsDir = REPORT_VIEWS_DIR): RenderedFile[] {
  if (viewsDir === REPORT_VIEWS_DIR) compiled ??= templates(viewsDir);
  const t = viewsDir === REPORT_VIEWS_DIR && compiled ? compiled : templates(viewsDir);
  const view = reportView(model);
  const names = reportFileNames(model.period);
  const file = (name: string, body: string, contentType: string): RenderedFile => ({
    name,
    body,
    sha256: sha256Hex(Buffer.from(body, 'utf8')),
    contentType,
  });
  return [
    file(names.html, t.html(view), 'text/html; charset=utf-8'),
    file(names.md, t.md(view), 'text/markdown; charset=utf-8'),
  ];
}
