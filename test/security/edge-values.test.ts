import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../api/fixtures.js';
import { isProblem, startHarness, type Harness } from '../api/support.js';
import { travelledPct } from '../../projections/progress-math.js';
import { activityNudge, numberRuns } from '../../src/domain/nudge.js';
import { eventSchemas, Text } from '../../src/events/index.js';
import { trajectoryChart } from '../../src/present/charts.js';
import { formatValue } from '../../src/present/format.js';
import { Browser } from './browser.js';

/**
 * Issue 12, item 10: edge values. Years before 1000 are refused for that reason; −0 is stored as 0; figures beyond
 * ±10^15 are refused (and figures a ledger already holds never make travelledPct 0 or a chart NaN); text that shows
 * nothing is empty; NUL and bidirectional overrides are refused; the activity nudge is linear in its input; an
 * 80,000-key body gets a short problem.
 */
const P = 'edge';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, P);
});
afterAll(async () => {
  await h?.stop();
});

const indicator = (over: Record<string, unknown>) => ({
  indicatorId: `${P}-new`,
  name: 'Edge',
  unit: 'n',
  direction: 'increase',
  frequency: 'annual',
  baseline: { value: 0, period: '2020' },
  target: { value: 10, period: '2030' },
  ...over,
});

async function refused(path: string, body: unknown, field: string, message: RegExp): Promise<void> {
  const before = await h.count();
  const r = await h.call('POST', path, { body });
  expect(isProblem(r, 400), `${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
  const errors = (r.body as { errors: { path: string; message: string }[] }).errors;
  expect(errors.find((e) => e.path === field)?.message, JSON.stringify(errors)).toMatch(message);
  expect(await h.count()).toBe(before);
}

describe('periods and dates: years from 1000', () => {
  it('0001 and 0050-Q1 are refused because of their year, everywhere a period or a date is taken', async () => {
    const year = /year from 1000/;
    await refused('/api/indicators', indicator({ baseline: { value: 0, period: '0001' } }), 'baseline.period', year);
    await refused('/api/indicators', indicator({ target: { value: 10, period: '0050-Q1' } }), 'target.period', year);
    await refused(`/api/indicators/${P}-i/measurements`, { period: '0050-Q1', value: 3 }, 'period', year);
    await refused(`/api/indicators/${P}-i/measurements`, { period: '0999', value: 3 }, 'period', year);
    await refused(
      `/api/journeys/${P}-j/accountabilities`,
      { holder: 'H', accountableTo: 'B', for: 'F', dueBy: '0050-01-01' },
      'dueBy',
      year,
    );
    const read = await h.call('GET', `/api/journeys/${P}-j/progress?asOf=0050-01-01T00:00:00Z`);
    expect(read.status).toBe(400);
  });

  it('a year from 1000 is a period like any other', async () => {
    const r = await h.call('POST', '/api/indicators', {
      body: indicator({
        indicatorId: `${P}-old`,
        baseline: { value: 1, period: '1000' },
        target: { value: 2, period: '1001-Q1' },
      }),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });
});

describe('figures', () => {
  it('−0 is stored and shown as 0', async () => {
    const parsed = eventSchemas.MeasurementRecorded.parse({ measurementId: 'm-0', period: '2024', value: -0 });
    expect(Object.is(parsed.value, 0)).toBe(true);
    expect(formatValue(-0, 'n', 1)).toBe('0.0 n');
    expect(formatValue(-0.04, '%', 1)).toBe('0.0%');
    expect(
      (await h.call('POST', `/api/indicators/${P}-i/measurements`, { body: { period: '2024', value: -0 } })).status,
    ).toBe(201);
    const b = new Browser(h.url);
    await b.signIn(h.tokens.viewer);
    expect((await b.get(`/indicators/${P}-i`)).html).not.toMatch(/[−-]0(\.0)?%/);
  });

  it('figures beyond ±10^15 are refused, wherever a figure is taken', async () => {
    const bound = /between -1e15 and 1e15/;
    for (const v of [1.7e308, -1.7e308, 1e15 + 2]) {
      await refused('/api/indicators', indicator({ target: { value: v, period: '2030' } }), 'target.value', bound);
      await refused(`/api/indicators/${P}-i/measurements`, { period: '2025', value: v }, 'value', bound);
    }
    const ok = await h.call('POST', '/api/indicators', {
      body: indicator({
        indicatorId: `${P}-huge`,
        baseline: { value: -1e15, period: '2020' },
        target: { value: 1e15, period: '2030' },
      }),
    });
    expect(ok.status).toBe(201);
  });

  it('figures a ledger already holds near the largest double: travelledPct is computed, charts print no NaN', () => {
    // By hand: (1e308 − (−1.7e308)) / (1.7e308 − (−1.7e308)) × 100 = 2.7 / 3.4 × 100 = 79.41… → 79.4
    expect(travelledPct(-1.7e308, 1.7e308, 1e308)).toBe(79.4);
    expect(travelledPct(0, 10, 5)).toBe(50);
    const chart = trajectoryChart({
      id: 'legacy',
      name: 'Legacy',
      unit: 'n',
      direction: 'increase',
      baseline: { value: -1.7e308, period: '2020' },
      target: { value: 1.7e308, period: '2030' },
      measurements: [{ period: '2022', value: 1e308 }],
      actualPacePerYear: 1e307,
      requiredPacePerYear: 1e307,
      projectedReach: null,
      doNothing: null,
    });
    expect(chart.svg + JSON.stringify(chart.rows) + chart.summary).not.toMatch(/NaN|Infinity/);
  });
});

describe('text', () => {
  const invisible = [
    '\u200b',
    '\u200c',
    '\u200d',
    '\u2060',
    '\ufeff',
    '\u00ad',
    '\u180e',
    '\u3164',
    '\u2800',
    '\u00a0',
    '\u3000',
  ];

  it('text made only of invisible characters is empty', async () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...invisible, ' ', '\t', '\n'), { minLength: 1, maxLength: 20 }),
        (chars) => {
          const r = Text.safeParse(chars.join(''));
          expect(r.success).toBe(false);
          expect(r.error?.issues[0]?.message).toMatch(/must not be empty/);
        },
      ),
      { seed: 12, numRuns: 200 },
    );
    await refused(`/api/journeys/${P}-j/lessons`, { learned: '\u200b' }, 'learned', /must not be empty/);
    await refused(`/api/journeys/${P}-j/lessons`, { learned: '\u200b\u200d\ufeff' }, 'learned', /must not be empty/);
    expect(Text.safeParse('a\u200bb').success).toBe(true);
  });

  it('NUL, other control characters and bidirectional overrides are refused; tabs, line breaks and RTL letters are not', async () => {
    for (const bad of ['abc\u202edef', 'a\u0000b', 'x\u2066y\u2069', 'bell\u0007', 'a\u202ab'])
      await refused(`/api/journeys/${P}-j/lessons`, { learned: bad }, 'learned', /control characters|bidirectional/);
    for (const good of ['line one\nline two\ttabbed', 'مرحبا بالعالم', 'שלום', 'naïve café 👩🏽‍👩🏽‍👧🏽'])
      expect(Text.safeParse(good).success, good).toBe(true);
  });
});

describe('the activity nudge is linear in its input', () => {
  it('finds figures in one pass: it looks at each character once, whatever the text ("1," × 5000 included)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: fc.constantFrom('1', ',', '.', ' ', 'a', '%', '9') }),
          fc.string(),
          fc.integer({ min: 1, max: 20_000 }).map((n) => '1,'.repeat(n)),
        ),
        (text) => {
          expect(numberRuns(text).visited).toBeLessThanOrEqual(text.length);
        },
      ),
      { seed: 12, numRuns: 300 },
    );
    const long = '1,'.repeat(5000);
    expect(numberRuns(long).runs).toEqual([{ start: 0, end: long.length - 1 }]);
    expect(activityNudge(long).looksLikeActivity).toBe(false);
    expect(activityNudge(`${long} 3 meetings`).activityPhrases).toEqual(['3 meetings']);
    expect(activityNudge('We held 3 meetings').looksLikeActivity).toBe(true);
    expect(activityNudge('20% more workshops').activityPhrases).toEqual(['20% more workshops']);
    expect(activityNudge('20% more families now get a reply within a week').looksLikeActivity).toBe(false);
  });
});

describe('a body with 80,000 unknown keys', () => {
  it('answers a short problem: the first 100 errors and how many there were', async () => {
    const body: Record<string, number> = { learned: 1 };
    for (let i = 0; i < 80_000; i++) body[`k${i}`] = 0; // about 800 kB: under the 1 MB limit
    const before = await h.count();
    const r = await h.call('POST', `/api/journeys/${P}-j/lessons`, { body });
    expect(isProblem(r, 400), String(r.status)).toBe(true);
    const problem = r.body as { errors: unknown[]; errorCount: number; detail: string };
    expect(problem.errors).toHaveLength(100);
    expect(problem.errorCount).toBe(80_001);
    expect(problem.detail).toMatch(/the first 100 of 80001 errors are listed/);
    expect(JSON.stringify(problem).length).toBeLessThan(20_000);
    expect(await h.count()).toBe(before);
  });
});
