import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../api/fixtures.js';
import { startHarness, type Harness } from '../api/support.js';
import {
  badDates,
  describeReply,
  FUZZ_SEED,
  isClientProblem,
  prototypePolluted,
  tried,
  unicodeEdges,
} from './nasty.js';

/**
 * Bad input for the reads and the CSV import: fuzzed query strings and path ids on every GET route
 * answer 2xx or a 4xx problem+json, never a 5xx, and never write; a CSV with bad rows reports every bad row with
 * its line and writes nothing.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const P = 'rd';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, P);
});
afterAll(async () => {
  console.info(`bad input tried on reads and CSV import: ${tried.requests} requests (seed ${FUZZ_SEED})`);
  await h?.stop();
});

/** The GET routes; routes not built yet answer the API's 404 problem, which still passes the property. */
const GETS = [
  '/api/journeys',
  `/api/journeys/${P}-j`,
  `/api/journeys/${P}-j/timeline`,
  `/api/journeys/${P}-j/progress`,
  `/api/journeys/${P}-j/audit`,
  '/api/decisions',
  '/api/accountabilities',
  `/api/indicators/${P}-i`,
  '/api/events',
  '/api/ledger/verify',
  '/api/reports',
  '/api/reports/2026-Q3',
];
const QUERY_KEYS = [
  'asOf',
  'at',
  'after',
  'limit',
  'stream',
  'decidedBy',
  'from',
  'to',
  'holder',
  'status',
  'period',
  '__proto__',
  'constructor',
  'a[b]',
  'asOf[]',
  'x',
];

const nastyValue = fc.oneof(
  fc.constantFrom(
    ...badDates,
    ...unicodeEdges,
    '-1',
    '0',
    '1e400',
    'NaN',
    'Infinity',
    '9'.repeat(40),
    '1.5',
    ' 1',
    '0x10',
    'x'.repeat(1500),
    '2026-11-25T12:00:00.000Z',
    '2026-11-25',
    '3',
    'open',
    'overdue',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
);
/** Encodes every UTF-8 byte, so lone surrogates and controls reach the server as bytes. */
const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const query = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), nastyValue), { minLength: 1, maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&'));

/** A read answers 2xx or a 4xx problem; it never writes. */
async function safeRead(path: string, role: 'admin' | 'none' = 'admin'): Promise<void> {
  const before = await h.count();
  const r = await h.call('GET', path, { role });
  tried.requests += 1;
  const fine = (r.status >= 200 && r.status < 300) || isClientProblem(r);
  expect(fine, `GET ${path.slice(0, 160)} → ${describeReply(r)}`).toBe(true);
  expect(await h.count()).toBe(before);
  expect(prototypePolluted()).toBe(false);
}

describe('reads refuse bad query strings and path ids with a 4xx problem, never a 5xx', () => {
  it('fuzzed query strings on every GET route', async () => {
    for (const path of GETS) {
      await fc.assert(
        fc.asyncProperty(query, async (q) => safeRead(`${path}?${q}`)),
        { seed: FUZZ_SEED, numRuns: RUNS },
      );
    }
  }, 60_000);

  it('raw, malformed query strings', async () => {
    const raws = [
      'asOf=%zz',
      'at=%',
      'asOf',
      '&&&',
      '=1',
      'asOf=1&asOf=2',
      'at=1&at=x',
      'limit=1&limit=1000000',
      'a[b][c][d][e][f]=1',
      `${'a='.repeat(2000)}`,
      'asOf=%00',
      'asOf=2026-02-30T00:00:00Z',
      'at=-0',
      'at=00000000000000000000000000001',
    ];
    for (const path of GETS) for (const q of raws) await safeRead(`${path}?${q}`);
  }, 30_000);

  it('fuzzed path ids on every GET route with an id, and path traversal in report periods', async () => {
    const templates = [
      (id: string) => `/api/journeys/${id}`,
      (id: string) => `/api/journeys/${id}/timeline`,
      (id: string) => `/api/journeys/${id}/progress`,
      (id: string) => `/api/journeys/${id}/audit`,
      (id: string) => `/api/indicators/${id}`,
      (id: string) => `/api/reports/${id}`,
    ];
    const ids = fc.oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map(enc),
      fc.constantFrom(
        '..',
        '..%2F..%2F..%2Fetc%2Fpasswd',
        '%2e%2e%2f%2e%2e%2fpackage.json',
        '..%5C..%5Cwindows',
        '2026-Q3%00.html',
        '2026-Q3%2F..%2F..%2Fledger.db',
        'x'.repeat(5000),
        '__proto__',
        'constructor',
        '2026-Q9',
        '2026-13',
      ),
    );
    for (const t of templates) {
      await fc.assert(
        fc.asyncProperty(ids, async (id) => safeRead(t(id))),
        { seed: FUZZ_SEED, numRuns: RUNS },
      );
    }
  }, 60_000);

  it('malformed percent-escapes in GET path ids: 400, not 500', async () => {
    for (const id of ['%zz', '%', '%ff', '%c0%ae', 'a%2']) {
      for (const path of [
        `/api/journeys/${id}`,
        `/api/journeys/${id}/progress`,
        `/api/indicators/${id}`,
        `/api/reports/${id}`,
      ])
        await safeRead(path);
    }
  });

  it('a URL too long for the HTTP layer is refused there (431/414), never a 5xx', async () => {
    const r = await h.call('GET', `/api/journeys?asOf=${'x'.repeat(40_000)}`, { role: 'admin' });
    tried.requests += 1;
    expect([400, 414, 431]).toContain(r.status);
  });

  it('report paths that try to leave the report folder never serve a file from elsewhere', async () => {
    for (const p of [
      '..%2F..%2Fpackage.json',
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '2026-Q3%2F..%2F..%2Fpackage.json',
      '%2e%2e%2fpackage.json',
    ]) {
      const r = await h.call('GET', `/api/reports/${p}`, { role: 'admin' });
      tried.requests += 1;
      expect(isClientProblem(r), `GET /api/reports/${p} → ${describeReply(r)}`).toBe(true);
      expect(JSON.stringify(r.body)).not.toMatch(/"name":\s*"journey-ledger"|root:x:0:0/);
    }
  });
});

describe('CSV measurement import with bad rows', () => {
  it('reports every bad row with its line and writes nothing', async () => {
    const I = `${P}-i`;
    const rows = [
      'indicator,period,value,source,note',
      `${I},2023,62.1,EYFS,`, //                        2: good
      `${I},2023-Q5,62.1,EYFS,`, //                     3: bad period
      `${I},2024,abc,EYFS,`, //                         4: not a number
      `${I},2024,1e400,EYFS,`, //                       5: Infinity
      `${I},2024,NaN,EYFS,`, //                         6: NaN
      `no-such-indicator,2024,1,EYFS,`, //              7: unknown indicator
      `${I},2024-02-30,1,EYFS,`, //                     8: invalid date
      `${I},2025,1,EYFS,note,extra`, //                 9: extra column
      `__proto__,2025,1,EYFS,`, //                     10: not a slug
      `${I},2026,"1,000",EYFS,`, //                    11: thousands separator
      `${I},,5,EYFS,`, //                              12: missing period
      `${I},2027,${'9'.repeat(400)},EYFS,`, //         13: overflows to Infinity
      `${I},2028,3,${'s'.repeat(10_001)},`, //         14: text too long
      `${I},2025-Q2,4,EYFS,"=HYPERLINK(""http://evil"")"`, // 15: good (a formula is just text; it is escaped on output)
    ];
    const bad = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    const before = await h.count();
    const r = await h.call('POST', '/api/measurements/import', {
      role: 'admin',
      raw: rows.join('\n'),
      contentType: 'text/csv',
    });
    tried.requests += 1;
    expect(r.status, describeReply(r)).toBe(400);
    expect(isClientProblem(r)).toBe(true);
    const reported = new Set(((r.body as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path));
    for (const line of bad)
      expect(reported, `line ${line} not reported: ${[...reported].join(', ')}`).toContain(`line ${line}`);
    expect(
      reported.has('line 2') || reported.has('line 15'),
      `a good line was reported as bad: ${JSON.stringify(r.body)}`,
    ).toBe(false);
    expect(await h.count()).toBe(before);
  });

  it('fuzzed CSV text: a 4xx problem naming lines, or a 2xx, never a 5xx; a refused file writes nothing', async () => {
    const cell = fc.oneof(
      fc.constantFrom(`${P}-i`, '2024', '2024-Q2', '1', '-', '"', '""', '\r', '\n', ',', '\ufeff', 'x'.repeat(100)),
      fc.string({ maxLength: 8 }),
    );
    const csv = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 7 }), { minLength: 0, maxLength: 6 })
      .map((lines) => ['indicator,period,value,source,note', ...lines.map((l) => l.join(','))].join('\n'));
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const before = await h.count();
        const r = await h.call('POST', '/api/measurements/import', {
          role: 'admin',
          raw: text,
          contentType: 'text/csv',
        });
        tried.requests += 1;
        if (r.status >= 400) {
          expect(isClientProblem(r), describeReply(r)).toBe(true);
          expect(await h.count()).toBe(before);
        } else {
          expect(r.status, describeReply(r)).toBeLessThan(300);
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 3 },
    );
  }, 30_000);
});
