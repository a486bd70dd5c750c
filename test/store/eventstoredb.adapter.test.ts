import { createServer } from 'node:net';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { openEventStoreDbStore, type EventStoreDbStore } from '../../src/store/eventstoredb.js';
import { StoreUnavailableError } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect, lesson, measurement } from '../support/events.js';
import { FakeEsdb } from './eventstoredb.fake.js';

const clock = fixedClock('2026-11-25T09:00:00.000Z');
let open: EventStoreDbStore[] = [];
const fresh = async (fake = new FakeEsdb()) => {
  const store = await openEventStoreDbStore('esdb://fake:2113?tls=false', {
    client: fake,
    clock,
    resubscribeDelayMs: 5,
  });
  open.push(store);
  return { store, fake };
};
afterEach(async () => {
  for (const s of open) await s.close();
  open = [];
});

describe('EventStoreDB adapter (over the client fake)', () => {
  it('gives the same hashes as SQLite for the same events at the same time', async () => {
    const events = [lesson('Parents came to the school gate', 'lesson-a'), measurement('2025-Q3', 61.5, 'm-a')];
    const sqlite = openSqliteStore({ file: ':memory:', clock });
    const { store } = await fresh();
    const a = await sqlite.append('journey-school', events, { expectedRevision: 'no_stream' });
    const b = await store.append('journey-school', events, { expectedRevision: 'no_stream' });
    await sqlite.close();
    expect(b.events.map((e) => e.hash)).toEqual(a.events.map((e) => e.hash));
    expect(b.events.map((e) => e.occurredAt)).toEqual(a.events.map((e) => e.occurredAt));
  });

  it('stores every event under a UUID on the server and the ledger id in its metadata', async () => {
    const { store, fake } = await fresh();
    await store.append('journey-a', [lesson('x', 'lesson-slug-id')], { expectedRevision: 'no_stream' });
    const rec = fake.log.find((r) => r.streamId === 'journey-a');
    expect(rec?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(rec?.metadata ?? '{}')).toMatchObject({ id: 'lesson-slug-id', revision: 0 });
  });

  it("gives each event its record's byte offset as position: near 0, increasing, not dense, no system events", async () => {
    const { store, fake } = await fresh();
    await store.append('journey-a', [lesson(), lesson()], { expectedRevision: 'no_stream' });
    fake.system('$$journey-a', '$metadata');
    fake.system('$ce-journey', '$>');
    const all = await collect(store.readAll());
    expect(all.map((e) => e.streamId)).toEqual(['journey-a', 'journey-a']);
    const [a, b] = all.map((e) => BigInt(e.position)) as [bigint, bigint];
    expect(a > 0n && a < 10_000n).toBe(true); // a new server's log starts at 0 with its own records
    expect(b - a > 1n).toBe(true); // the next record starts where this one ends: positions are not dense
    expect(fake.log.find((r) => r.kind === 'event' && r.streamId === 'journey-a')?.position).toBe(a);
    expect(await store.lastPosition()).toBe(all[1]?.position);
  });

  it("keeps one linear chain when several 'any' appends race: each retries from the new head", async () => {
    const { store } = await fresh();
    const results = await Promise.all(
      Array.from({ length: 6 }, () => store.append('journey-race', [lesson()], { expectedRevision: 'any' })),
    );
    expect(results.map((r) => r.revision).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    const v = await verifyLedger(store);
    expect(v).toMatchObject({ ok: true, events: 6, streams: 1 });
  });

  it("recognises an 'any' retry of events already at the stream's tail", async () => {
    const { store, fake } = await fresh();
    const events = [lesson(), lesson()];
    const first = await store.append('journey-a', events, { expectedRevision: 'any' });
    const calls = fake.appendCalls;
    const again = await store.append('journey-a', events, { expectedRevision: 'any' });
    expect(again).toMatchObject({ replayed: true, revision: 1, position: first.position });
    expect(fake.appendCalls).toBe(calls);
  });

  it('recognises a retry after a restart (nothing remembered), from the expected revision', async () => {
    const fake = new FakeEsdb();
    const { store } = await fresh(fake);
    const events = [lesson(), lesson()];
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    const first = await store.append('journey-a', events, { expectedRevision: 0 });
    await store.append('journey-a', [lesson()], { expectedRevision: 2 });
    const { store: restarted } = await fresh(fake);
    const again = await restarted.append('journey-a', events, { expectedRevision: 0 });
    expect(again.replayed).toBe(true);
    expect(again.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
  });

  it('resubscribes live$ from the last position it saw after a dropped connection: no gap, no repeat', async () => {
    const { store, fake } = await fresh();
    const seen = firstValueFrom(store.live$.pipe(take(4), toArray()));
    await store.append('journey-a', [lesson(), lesson()], { expectedRevision: 'no_stream' });
    await new Promise((r) => setTimeout(r, 5));
    fake.dropConnections();
    await store.append('journey-a', [lesson()], { expectedRevision: 1 }); // written while live$ is away
    await store.append('journey-b', [lesson()], { expectedRevision: 'no_stream' });
    const events = await seen;
    expect(events.map((e) => `${e.streamId}@${e.revision}`)).toEqual([
      'journey-a@0',
      'journey-a@1',
      'journey-a@2',
      'journey-b@0',
    ]);
    expect(fake.subscriptions).toBeGreaterThanOrEqual(2);
  });

  it('sees only its own namespace when given a stream prefix, and stores streams under it', async () => {
    const fake = new FakeEsdb();
    const t1 = await openEventStoreDbStore('esdb://fake', { client: fake, streamPrefix: 't1-' });
    const t2 = await openEventStoreDbStore('esdb://fake', { client: fake, streamPrefix: 't2-' });
    open.push(t1);
    await t1.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    await t2.append('journey-a', [lesson(), lesson()], { expectedRevision: 'no_stream' });
    expect((await collect(t1.readAll())).map((e) => e.streamId)).toEqual(['journey-a']);
    expect((await collect(t2.readStream('journey-a'))).length).toBe(2);
    expect(fake.log.filter((r) => r.kind === 'event' && !r.streamId.startsWith('$')).map((r) => r.streamId)).toEqual([
      't1-journey-a',
      't2-journey-a',
      't2-journey-a',
    ]);
  });

  it('restores in runs that continue each stream, within the append size, skipping what is already there', async () => {
    const { store: source } = await fresh();
    await source.append(
      'journey-a',
      Array.from({ length: 450 }, () => lesson()),
      { expectedRevision: 'no_stream' },
    );
    await source.append('journey-b', [lesson()], { expectedRevision: 'no_stream' });
    const events = await collect(source.readAll());
    // A server that takes 64 KiB per append (counted as KurrentDB 25 counts), and a URL that says so.
    const fake = new FakeEsdb({ sizeRule: '25', maxAppendSize: 65_536 });
    const target = await openEventStoreDbStore('esdb://fake:2113?tls=false&maxAppendSize=65536', { client: fake });
    open.push(target);
    expect(await target.restore(events.slice(0, 100))).toEqual({ written: 100, skipped: 0 });
    const before = fake.appendCalls;
    expect(await target.restore(events)).toEqual({ written: 351, skipped: 100 });
    expect(fake.appendCalls - before).toBeGreaterThan(2); // 351 events of journey-a do not fit one append
    expect((await verifyLedger(target)).digest).toBe((await verifyLedger(source)).digest);
  });

  it('says the server is unavailable when open() cannot reach it', async () => {
    const fake = new FakeEsdb();
    fake.unavailable = true;
    await expect(openEventStoreDbStore('esdb://admin:changeit@db:2113?tls=false', { client: fake })).rejects.toThrow(
      StoreUnavailableError,
    );
    await expect(openEventStoreDbStore('esdb://admin:changeit@db:2113?tls=false', { client: fake })).rejects.toThrow(
      /esdb:\/\/\*\*\*@db:2113/,
    );
    expect(fake.disposed).toBe(true);
  });
});

describe('EventStoreDB adapter with the real client and no server', () => {
  it('fails fast with StoreUnavailableError saying what it tried, without the password', async () => {
    const port = await freePort();
    const started = Date.now();
    const err = await openEventStoreDbStore(`esdb://admin:changeit@127.0.0.1:${port}?tls=false`, {
      connectTimeoutMs: 3000,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreUnavailableError);
    const message = (err as Error).message;
    expect(message).toContain(`127.0.0.1:${port}`);
    expect(message).not.toContain('changeit');
    expect(Date.now() - started).toBeLessThan(5000);
  }, 10_000);

  it('refuses a connection string the client cannot parse, with a clear error', async () => {
    await expect(openEventStoreDbStore('esdb://db:2113?tls=maybe')).rejects.toThrow(
      /not a valid EventStoreDB connection string/,
    );
  });
});

/** A TCP port nobody listens on (bound, then released). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
