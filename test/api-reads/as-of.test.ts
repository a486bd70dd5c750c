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
import { buildLedger } from '../projections/random-ledger.js';

/**
 * "What did the ledger say on 1 March?": every read route asked with asOf=T answers exactly what the same
 * route answers, without a cut, from a ledger holding only the events recorded by T (its clock standing at T).
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
}
async function serve(stored: StoredEvent[], now: string): Promise<Served> {
  const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
  await store.restore(stored);
  const runtime = startProjections(store);
  const app = express();
  app.use('/api', createReadRouter({ store, clock: fixedClock(now), runtime }));
  app.use(problemHandler(() => undefined));
  const server = app.listen(0);
  return { store, runtime, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api` };
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
