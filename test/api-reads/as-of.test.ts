import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjections, type ProjectionRuntime } from '../../projections/runtime.js';
import { problemHandler } from '../../src/api/problem.js';
import { createReadRouter } from '../../src/api/read-routes.js';
import { fixedClock } from '../../src/clock.js';
import type { StoredEvent } from '../../src/events/envelope.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { AccessRegistry } from '../../src/app/access-registry.js';
import { Ledger } from '../../src/app/ledger.js';
import { uuidV7 } from '../../src/clock.js';
import { accessPolicy } from '../../src/domain/policy.js';
import { reportFiles } from '../../src/reports/files.js';
import { createWebRouter } from '../../src/web/router.js';
import { webReads } from '../../src/web/reads.js';
import { buildLedger } from '../projections/random-ledger.js';

/**
 * "What did the ledger say on 1 March?": every read route asked with asOf=T answers exactly what the same
 * route answers, without a cut, from a ledger holding only the events recorded by T (its clock standing at T). The
 * pages' groups and gaps (the indicator page's charts and figures, the journey page's and the overview's gap lines)
 * are held to the same oracle.
 */
const T = '2026-03-01T00:00:00.000Z';
const events = buildLedger([
  { k: 'measure', ind: 'i1', year: 2023, value: 62 },
  { k: 'plan', j: 'j1', ind: 'i3', withdraw: false },
  { k: 'decide', j: 'j1', day: 20, effect: 'i1', complete: true },
  { k: 'change', j: 'j2', ind: 'i2', day: 30 },
  { k: 'challenge', j: 'j2', pick: 0, answer: false },
  { k: 'assign', j: 'j1', day: 40, discharge: false },
  { k: 'measureGroup', ind: 'i1', group: 'g1', year: 2023, value: 52 },
  { k: 'measureGroup', ind: 'i1', group: 'g2', year: 2023, value: 64 },
  { k: 'measureGroup', ind: 'i2', group: 'g1', year: 2023, value: 30 },
  { k: 'measure', ind: 'i2', year: 2023, value: 22.5 },
  { k: 'addGroup' },
  { k: 'wait', hours: 24 * 60 },
  // recorded after T:
  { k: 'correct', ind: 'i1', pick: 0, value: 63.5 },
  { k: 'measure', ind: 'i2', year: 2025, value: 22 },
  { k: 'challenge', j: 'j2', pick: 0, answer: true },
  { k: 'supersede', j: 'j1', pick: 0, by: 1 },
  { k: 'decide', j: 'j1', day: 70, effect: null, complete: false },
  { k: 'assign', j: 'j1', day: 80, discharge: true },
  { k: 'correctGroup', ind: 'i1', pick: 0, value: 52.5 },
  { k: 'measureGroup', ind: 'i1', group: 'g1', year: 2024, value: 53 },
  { k: 'measureGroup', ind: 'i1', group: 'g2', year: 2024, value: 64.2 },
  { k: 'gapTarget', ind: 'i2', year: 2028, value: 40 },
  { k: 'measureGroup', ind: 'i3', group: 'g1', year: 2025, value: 40 }, // i3's one group, g3,
]);

interface Served {
  store: SqliteEventStore;
  runtime: ProjectionRuntime;
  server: Server;
  base: string;
  web: string;
}
async function serve(stored: StoredEvent[], now: string): Promise<Served> {
  const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
  await store.restore(stored);
  const runtime = startProjections(store);
  const clock = fixedClock(now);
  const app = express();
  app.use('/api', createReadRouter({ store, clock, runtime }));
  app.use(problemHandler(() => undefined));
  app.use(
    createWebRouter({
      reads: webReads({ store, runtime, clock }, reportFiles('/nonexistent-reports')),
      ledger: new Ledger({ store, clock, newId: uuidV7 }),
      auth: new AccessRegistry(store),
      policy: accessPolicy({ publicRead: true }),
      sessionSecret: 'as-of-test',
      clock,
    }),
  );
  const server = app.listen(0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { store, runtime, server, base: `${origin}/api`, web: origin };
}
let whole: Served;
let then: Served;
beforeAll(async () => {
  whole = await serve(events, '2026-11-25T12:00:00.000Z');
  then = await serve(
    events.filter((e) => Date.parse(e.recordedAt) <= Date.parse(T)),
    T,
  );
});
afterAll(async () => {
  for (const s of [whole, then]) {
    s.runtime.stop();
    await new Promise((r) => s.server.close(r));
    await s.store.close();
  }
});

describe('asOf on every read route', () => {
  it('the ledger holds events on both sides of T', () => {
    expect(events.some((e) => e.recordedAt > T) && events.some((e) => e.recordedAt <= T)).toBe(true);
  });
  for (const path of [
    '/journeys',
    '/journeys/j1',
    '/journeys/j1/timeline',
    '/journeys/j1/progress',
    '/journeys/j1/audit',
    '/journeys/j2',
    '/journeys/j2/audit',
    '/decisions',
    '/decisions?decidedBy=cabinet',
    '/accountabilities',
    '/accountabilities?status=open',
    '/indicators/i1',
    '/indicators/i2',
    '/indicators/i1?group=g1',
    '/indicators/i1/gaps',
    '/indicators/i1/gaps?group=g2',
    '/indicators/i2/gaps',
    '/indicators/i3/gaps',
  ]) {
    it(`${path} as of T is the ledger as recorded by T`, async () => {
      const sep = path.includes('?') ? '&' : '?';
      const asked = await fetch(`${whole.base}${path}${sep}asOf=${T}`);
      const recordedByT = await fetch(`${then.base}${path}`);
      expect(asked.status).toBe(200);
      const [a, b] = [await asked.json(), await recordedByT.json()];
      expect(a).toEqual(b);
      // And the cut matters: the answer now differs beyond its stamp (asOf, referenceDay).
      const strip = ({ asOf: _a, referenceDay: _r, ...rest }: Record<string, unknown>) => rest;
      const now = (await (await fetch(`${whole.base}${path}`)).json()) as Record<string, unknown>;
      if (path !== '/accountabilities?status=open') expect(strip(now)).not.toEqual(strip(a as Record<string, unknown>));
    });
  }
});

describe('a gap as of T', () => {
  it('stands at the figures recorded by T; later figures and corrections move it on only without the cut', async () => {
    type Gaps = { gaps: { latest: { period: string; gap: number } | null; points: { gap: number }[] }[] };
    const asked = (await (await fetch(`${whole.base}/indicators/i1/gaps?asOf=${T}`)).json()) as Gaps;
    const now = (await (await fetch(`${whole.base}/indicators/i1/gaps`)).json()) as Gaps;
    expect(asked.gaps[0]?.latest).toMatchObject({ period: '2023', gap: 12 }); // 64 − 52
    // After T: 52 corrected to 52.5 (2023: 64 − 52.5 = 11.5), and 2024: 64.2 − 53 = 11.2.
    expect(now.gaps[0]?.points.map((p) => p.gap)).toEqual([11.5, 11.2]);
    expect(now.gaps[0]?.latest).toMatchObject({ period: '2024', gap: 11.2 });
  });
});

/** The part of a page that speaks of groups and gaps. */
const gapParts = (html: string): string[] => [
  ...[...html.matchAll(/<section id="groups"[^]*?<section aria-labelledby="claims-h">/g)].map((m) => m[0]),
  ...[...html.matchAll(/<div class="gap-line"[^]*?<\/dl>/g)].map((m) => m[0]),
  ...[...html.matchAll(/<ul class="journey-gaps[^]*?<\/ul>/g)].map((m) => m[0]),
];

describe('the pages’ groups and gaps as of T', () => {
  for (const [path, parts] of [
    ['/indicators/i1', 1],
    ['/indicators/i2', 1],
    ['/indicators/i3', 1],
    ['/journeys/j1', 2], // i1's gap, and i3's (its plan links i3 to j1)
    ['/journeys/j2', 1],
    ['/', 2],
  ] as const) {
    it(`${path} as of T shows the groups and gaps of the ledger as recorded by T`, async () => {
      const sep = path.includes('?') ? '&' : '?';
      const asked = await fetch(`${whole.web}${path}${sep}asOf=${T}`);
      const recordedByT = await fetch(`${then.web}${path}`);
      expect(asked.status).toBe(200);
      expect(recordedByT.status).toBe(200);
      const a = gapParts(await asked.text());
      expect(a).toHaveLength(parts);
      expect(a).toEqual(gapParts(await recordedByT.text()));
    });
  }

  it('and the cut matters: i1’s gap stands at 12 points as of T, at 11.2 now', async () => {
    const [asked, now] = await Promise.all(
      [`/indicators/i1?asOf=${T}`, '/indicators/i1'].map(
        async (p) => gapParts(await (await fetch(whole.web + p)).text())[0]!,
      ),
    );
    expect(asked).toContain('<dt>Gap now</dt><dd>12.0 points in 2023</dd>');
    expect(now).toContain('<dt>Gap now</dt><dd>11.2 points in 2024</dd>');
    expect(asked).not.toContain('Group two, 2024');
    expect(now).toContain('<title>Group two, 2024: 64.2%</title>');
  });
});
