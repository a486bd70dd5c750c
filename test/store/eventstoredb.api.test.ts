import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/app/tokens.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { Ledger } from '../../src/app/ledger.js';
import type { StoredEvent } from '../../src/events/index.js';
import { openEventStoreDbStore, type EventStoreDbStore } from '../../src/store/eventstoredb.js';
import { collect } from '../support/events.js';
import { FakeEsdb } from './eventstoredb.fake.js';

/*
 * The API over an EventStoreDB ledger (the strict server fake): what the store's limits look like to a client.
 * A raw-ledger page may start after any number, not only an event's own position; an import bigger than one
 * EventStoreDB append is refused whole with 413 and writes nothing.
 */
const clock = fixedClock('2026-11-25T12:00:00.000Z');
const admin = 'jl_test-token-for-admin-0123456789';
let store: EventStoreDbStore;
let server: RunningServer;

const call = async (method: string, path: string, body?: string, contentType = 'application/json') => {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': contentType }) },
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
};
const count = async () => (await collect(store.readAll())).length;

beforeAll(async () => {
  store = await openEventStoreDbStore('esdb://fake:2113?tls=false', {
    client: new FakeEsdb({ sizeRule: '25' }),
    clock,
  });
  const ledger = new Ledger({ store, clock, newId: sequentialIds('setup') });
  await ledger.handle(
    { id: 'system', name: 'test setup', role: 'system' },
    { type: 'EnrollActor', actorId: 'admin-actor', name: 'An admin', role: 'admin', tokenHash: hashToken(admin) },
  );
  server = await startServer({ store, port: 0, clock, newId: sequentialIds('id') });
  const indicator = {
    indicatorId: 'esdb-i',
    name: 'Children ready for school',
    unit: 'percent',
    direction: 'increase',
    frequency: 'annual',
    baseline: { value: 60, period: '2021' },
    target: { value: 70, period: '2026' },
  };
  expect((await call('POST', '/api/indicators', JSON.stringify(indicator))).status).toBe(201);
});
afterAll(async () => {
  await server.close();
  await store.close();
});

describe('the API over EventStoreDB', () => {
  it('pages the raw ledger after any number: an event position, or one inside a record', async () => {
    const all = (await call('GET', '/api/events?limit=1000')).body.events as StoredEvent[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const last = all[all.length - 1] as StoredEvent;
    const inside = (BigInt(last.position) - 1n).toString();
    const r = await call('GET', `/api/events?after=${inside}`);
    expect(r.status).toBe(200);
    expect((r.body.events as StoredEvent[]).map((e) => e.id)).toEqual([last.id]);
    expect((await call('GET', `/api/events?after=${last.position}`)).body.events).toEqual([]);
  });

  it('answers 413 to an import bigger than one EventStoreDB append, and writes none of it', async () => {
    // Each measurement event carries ~450 bytes of envelope: 3,000 rows are ~1.4 MB in one append.
    const day = (i: number) => new Date(Date.UTC(2015, 0, 1 + i)).toISOString().slice(0, 10);
    const rows = Array.from({ length: 3_000 }, (_, i) => `esdb-i,${day(i)},${(i % 100) + 0.5},survey,`);
    const csv = `indicator,period,value,source,note\n${rows.join('\n')}\n`;
    const before = await count();
    const r = await call('POST', '/api/measurements/import', csv, 'text/csv');
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(413);
    expect(String(r.body.detail)).toMatch(/at most 1048576 bytes in one append/);
    expect(await count()).toBe(before);
    const small = await call(
      'POST',
      '/api/measurements/import',
      `indicator,period,value,source,note\n${rows.slice(0, 50).join('\n')}\n`,
      'text/csv',
    );
    expect(small.status).toBe(201);
  });
});
