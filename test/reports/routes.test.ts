import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjections, type ProjectionRuntime } from '../../projections/runtime.js';
import { problemHandler } from '../../src/api/problem.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { seedDemo } from '../../src/demo/index.js';
import { reportsRouter } from '../../src/api/report-routes.js';
import { accessPolicy } from '../../src/domain/policy.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

let store: EventStore;
let runtime: ProjectionRuntime;
let server: Server;
let base: string;

beforeAll(async () => {
  store = openSqliteStore({ file: ':memory:' });
  await seedDemo(store, { now: '2026-11-25T00:00:00Z', journeys: 2 });
  const app = express();
  // Stand-in for the API's bearer authentication: the role comes from a test header.
  app.use((req, _res, next) => {
    const role = req.header('x-test-role');
    if (role === 'admin' || role === 'viewer') req.actor = { id: `${role}-1`, name: role, role };
    next();
  });
  runtime = startProjections(store);
  app.use(
    '/api',
    reportsRouter({
      sources: { store, runtime, clock: fixedClock('2026-11-25T10:00:00Z') },
      policy: accessPolicy({ publicRead: false }),
      newId: sequentialIds('rp'),
    }),
  );
  app.use(problemHandler(() => {}));
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  runtime.stop();
  await store.close();
});

const post = (body: unknown, role = 'admin') =>
  fetch(`${base}/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-role': role },
    body: JSON.stringify(body),
  });
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { 'x-test-role': 'viewer', ...headers } });

describe('/api/reports', () => {
  it('lets only an admin publish, once: 201 then 200 with the same record', async () => {
    expect((await post({ period: '2025-Q4' }, 'viewer')).status).toBe(403);
    const first = await post({ period: '2025-Q4' });
    expect(first.status).toBe(201);
    const record = (await first.json()) as { position: string; digest: string; files: { name: string }[] };
    const again = await post({ period: '2025-Q4' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ position: record.position, digest: record.digest, published: false });
  });

  it('refuses a period that is not a period, or not over yet', async () => {
    expect((await post({ period: '../../etc' })).status).toBe(400);
    expect((await post({ period: '2025-Q4', extra: 1 })).status).toBe(400);
    expect((await post({ period: '2026-Q4' })).status).toBe(409);
    expect((await get('/reports/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
  });

  it('lists published reports and answers one as HTML, or Markdown when asked', async () => {
    const list = (await (await get('/reports')).json()) as { reports: { period: string }[] };
    expect(list.reports.map((r) => r.period)).toContain('2025-Q4');
    const html = await get('/reports/2025-Q4');
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toMatch(/^<!doctype html>/);
    const md = await get('/reports/2025-Q4', { accept: 'text/markdown' });
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    expect(await md.text()).toMatch(/^# Journey Ledger quarterly report: Q4 2025/);
    expect((await get('/reports/2024-Q1')).status).toBe(404);
  });
});
