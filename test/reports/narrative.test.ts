import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/index.js';
import { EVENT_TYPES, type LedgerEvent, type StoredEvent } from '../../src/events/index.js';
import { buildReport, type ReportModel } from '../../src/reports/model.js';
import { renderReport } from '../../src/reports/render.js';
import type { Sentence } from '../../src/reports/sentences.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';

/**
 * The narrative rules over every quarterly report of the demo city (docs/decisions.md, "Reports"): the city's
 * counts are the sums of the journeys' sections, every figure in a sentence is backed by an event it cites, and no
 * report text shows an id, an event type or a ledger position outside the ledger details at its end.
 */
const QUARTERS = ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'];

let store: SqliteEventStore;
let events: StoredEvent[];
const reports = new Map<string, ReportModel>();
beforeAll(async () => {
  store = openSqliteStore({ file: ':memory:' });
  await seedDemo(store, { now: '2026-11-25T00:00:00.000Z' });
  events = [];
  for await (const page of store.readPages({ pageSize: 5_000 })) events.push(...page);
  for (const q of QUARTERS) reports.set(q, await buildReport(store, q));
}, 60_000);
afterAll(async () => {
  await store.close();
});

/** Every sentence of a report, with where it stands. */
function* sentencesOf(m: ReportModel): Generator<{ where: string; s: Sentence }> {
  for (const s of m.moved) yield { where: 'what moved', s };
  for (const s of m.city.sentences) yield { where: 'city', s };
  for (const j of m.journeys) {
    for (const i of j.indicators) {
      for (const s of i.sentences) yield { where: `${j.title} / ${i.name}`, s };
      for (const g of i.gaps) for (const s of g.sentences) yield { where: `${j.title} / ${g.name}`, s };
    }
    for (const sec of j.sections) {
      for (const p of sec.paragraphs) for (const s of p) yield { where: `${j.title} / ${sec.heading}`, s };
      for (const s of sec.items) yield { where: `${j.title} / ${sec.heading}`, s };
    }
  }
}

const cityCount = (m: ReportModel, re: RegExp): number => {
  for (const s of m.city.sentences) {
    const hit = re.exec(s.text);
    if (hit) return Number(hit[1]);
  }
  return 0;
};

describe("the demo city's quarterly reports", () => {
  it("count in the city summary what the journeys' sections hold, activities apart from changes", () => {
    for (const [q, m] of reports) {
      const sum = { changes: 0, activities: 0, decisions: 0, lessons: 0, voices: 0 };
      for (const j of m.journeys) {
        const section = (h: string) => j.sections.find((x) => x.heading === h);
        const changes = section('Changes made this quarter');
        const own = {
          // One item per change (the demo's journeys report fewer than a list holds).
          changes: changes?.items.filter((x) => x.cites.length > 0).length ?? 0,
          activities: changes?.paragraphs.flat().find((x) => /described activity/.test(x.text))?.cites.length ?? 0,
          decisions: section('Decisions')?.paragraphs.filter((p) => / decided to /.test(p[0]?.text ?? '')).length ?? 0,
          lessons: section('Lessons harvested')?.items.length ?? 0,
          voices: section('Voices heard')?.items.length ?? 0,
        };
        const row = m.city.rows.find((r) => r.journeyId === j.journeyId);
        expect(row?.changes.length, `${q} ${j.title}`).toBe(own.changes);
        expect(row?.decisions.length, `${q} ${j.title}`).toBe(own.decisions);
        for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += own[k];
      }
      expect(
        {
          changes: cityCount(m, /(\d+) changes? (?:was|were) reported/),
          activities: cityCount(m, /(\d+) other reports? described activity/),
          decisions: cityCount(m, /(\d+) decisions? (?:was|were) recorded/),
          lessons: cityCount(m, /(\d+) lessons? (?:was|were) harvested/),
          voices: cityCount(m, /(\d+) voices? (?:was|were) heard/),
        },
        q,
      ).toEqual(sum);
      expect(sum.changes + sum.decisions, q).toBeGreaterThan(0);
    }
  });

  it('back every figure in a sentence with an event the sentence cites', () => {
    const byPosition = new Map(events.map((e) => [e.position, e]));
    // Names and units are words, not figures ("aged 16 to 17", "per 1,000 residents"): their numbers are words too.
    const words = new Set<number>();
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      for (const k of ['name', 'unit', 'title', 'groups'])
        for (const n of numbersIn(JSON.stringify(d[k] ?? ''))) words.add(n);
    }
    let checked = 0;
    for (const [q, m] of reports) {
      const frame = [...numbersIn(q), ...numbersIn(m.previousPeriodLabel)];
      for (const { where, s } of sentencesOf(m)) {
        const cited = s.cites.map((c) => byPosition.get(c.position)).filter((e) => e !== undefined);
        const backing = [...words, ...frame, ...cited.flatMap(backingOf)];
        // A gap is the difference of the two figures behind it: both are cited.
        const measured = cited.flatMap(measuredValues);
        for (const a of measured) for (const b of measured) backing.push(Math.abs(a - b));
        for (const token of figuresIn(s.text)) {
          checked += 1;
          const ok = backing.some((b) => Math.abs(Math.abs(b) - token.value) <= token.tolerance);
          expect(ok, `${q} · ${where}: “${token.text}” in “${s.text}” is in none of the events it cites`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(1_000);
  });

  it('say a projected date already past at the end of the quarter as past, in sentences and chart captions', () => {
    let past = 0;
    for (const [q, m] of reports) {
      for (const j of m.journeys)
        for (const i of j.indicators) {
          const ahead = /would be reached on (\d+ \w+ \d{4})/.exec(i.chart.summary);
          const day = ahead?.[1] ? new Date(`${ahead[1]} UTC`).toISOString().slice(0, 10) : null;
          if (day !== null) expect(day > m.to, `${q} ${i.name}: ${i.chart.summary}`).toBe(true);
          if (/already have been reached on/.test(i.chart.summary)) past += 1;
        }
      for (const { where, s } of sentencesOf(m)) {
        const ahead = /would be reached in (\d{4})/.exec(s.text);
        if (ahead?.[1])
          expect(Number(ahead[1]), `${q} ${where}: ${s.text}`).toBeGreaterThanOrEqual(Number(q.slice(0, 4)));
      }
    }
    expect(past).toBeGreaterThan(0);
  });

  it('name things in words: no event type, no id where a name exists, no ledger position outside the ledger details', () => {
    const slugs = new Set<string>();
    const walk = (o: unknown, key: string) => {
      if (typeof o === 'string' && /(?:Id|Ids|Group|group)$/.test(key) && o !== 'all') slugs.add(o);
      else if (Array.isArray(o)) for (const x of o) walk(x, key);
      else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, k);
    };
    for (const e of events) walk(e.data, '');
    expect(slugs.has('good-level-of-development')).toBe(true);
    for (const [q, m] of reports) {
      for (const f of renderReport(m)) {
        const text = readable(f.name, f.body);
        for (const t of EVENT_TYPES) expect(text, `${q} ${f.name}`).not.toMatch(new RegExp(`\\b${t}\\b`));
        for (const slug of slugs)
          expect(
            text.includes(slug) && new RegExp(`(?<![\\w-])${slug}(?![\\w-])`).test(text),
            `${q} ${f.name}: ${slug}`,
          ).toBe(false);
        expect(text, `${q} ${f.name}`).not.toMatch(/\bposition \d+/i);
        expect(text, `${q} ${f.name}`).not.toMatch(/[0-9a-f]{64}/);
      }
    }
  });
});

/** The text a reader sees, without link targets and anchors, and without the ledger details at the end. */
function readable(name: string, body: string): string {
  if (name.endsWith('.html'))
    return body
      .replace(/<details class="ledger-details"[\s\S]*?<\/details>/, '')
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/<svg[\s\S]*?<\/svg>/g, '')
      .replace(/<[^>]+>/g, ' ');
  return body
    .replace(/\n## Ledger details[\s\S]*$/, '')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/\[\^\d+\]/g, '');
}

/** Every number in a text: "1,098.5" → 1098.5, "2025-Q3" → 2025 and 3, "−0.4" → 0.4. */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

/** What a cited event backs: every number in its data (dates and periods by their parts), and its own dates. */
function backingOf(e: StoredEvent): number[] {
  return [...numbersIn(JSON.stringify(e.data)), ...numbersIn(e.recordedAt.slice(0, 10)), ...numbersIn(e.occurredAt)];
}
function measuredValues(stored: StoredEvent): number[] {
  const e = stored as LedgerEvent;
  return e.type === 'MeasurementRecorded' || e.type === 'MeasurementCorrected' ? [e.data.value] : [];
}

const MONTHS = /January|February|March|April|May|June|July|August|September|October|November|December/;

/**
 * The figures of a sentence that must come from a cited event. Left out: quoted text (the cited event's own
 * words, checked with it), counts of the things a sentence lists, and the figures the progress maths derives
 * from cited figures (distance travelled, paces, projected dates, the curve, how long overdue) — their inputs are
 * cited, and the maths is tested against hand-worked figures (test/projections).
 */
function figuresIn(text: string): { text: string; value: number; tolerance: number }[] {
  const derived = text
    .replace(/“[^”]*”/g, ' ')
    .replace(/\d+% of the way/g, ' ')
    .replace(/with [\d.,]+ [^;]*? still to travel/g, ' ')
    .replace(/\([+−][\d.,]+ [^)]*a year\)/g, ' ')
    .replace(/[\d.,]+ [^;]*? a year (?:is|are) needed/g, ' ')
    .replace(/(?:reached|close to its target|closed to its target) in (?:[A-Z][a-z]+ )?\d{4}/g, ' ')
    .replace(/[\d.,]+ [^;]*? (?:better|worse) than the/g, ' ')
    .replace(/(?:overdue by|now) \d+ (?:days?|months?|years?)(?: and \d+ months?)?/g, ' ')
    .replace(
      /\b\d+ (?:more )?(?:journeys?|changes?|decisions?|challenges?|accountabilities|accountability|indicators?|reports?|other reports?|lessons?|voices?|options?|abstentions?|more)\b/g,
      ' ',
    )
    .replace(/\b\d+ (?:on track|at risk|off track|achieved|with no data yet|no data)\b/g, ' ')
    .replace(/\b\d+ in “/g, ' ')
    .replace(/and \d+ more/g, ' ')
    .replace(/: \d+ about/g, ' ')
    .replace(/\b\d+ about\b/g, ' ');
  return [...derived.matchAll(/\d[\d,]*(?:\.(\d+))?/g)].map((m) => ({
    text: m[0],
    value: Number(m[0].replace(/,/g, '')),
    tolerance: m[1] ? 0.5 * 10 ** -m[1].length + 1e-9 : MONTHS.test(text) ? 0.5 : 0.5,
  }));
}
