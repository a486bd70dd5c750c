import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { openEventStoreDbStore, type EventStoreDbStore } from '../../src/store/eventstoredb.js';
import { encodeEvent } from '../../src/store/eventstoredb/mapping.js';
import { ConcurrencyError, StoreUnavailableError } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { collect, lesson } from '../support/events.js';
import { FakeEsdb } from './eventstoredb.fake.js';

/*
 * What a real server (or cluster) does that a single well-behaved node in a test never shows, each played by the
 * strict fake (test/store/eventstoredb.fake-server.ts cites the server's source for each): followers that lag,
 * the write timeout, clocks that disagree, a wedged server, dropped subscriptions, events without a position,
 * users outside $admins, and connection-string settings the client ignores.
 */
const clock = fixedClock('2026-11-25T09:00:00.000Z');
let opened: EventStoreDbStore[] = [];
const open = async (fake: FakeEsdb, query = '', options: { log?: (m: string) => void } = {}) => {
  const store = await openEventStoreDbStore(`esdb://fake:2113?tls=false${query}`, {
    client: fake,
    clock,
    resubscribeDelayMs: 5,
    ...options,
  });
  opened.push(store);
  return store;
};
afterEach(async () => {
  for (const s of opened) await s.close();
  opened = [];
});

describe('a cluster: reads that must see what was just written go to the leader', () => {
  it('appends through a lagging follower: head and read-back come from the leader, no false duplicate', async () => {
    const fake = new FakeEsdb();
    const store = await open(fake);
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    fake.connectedTo = 'follower'; // e.g. nodePreference=follower, or after a failover
    fake.followerLags = true;
    const r = await store.append('journey-a', [lesson()], { expectedRevision: 0 });
    expect(r).toMatchObject({ revision: 1, replayed: false });
    expect(fake.connectedTo).toBe('leader'); // NotLeader named the leader; the call was made again there
    const again = await store.append('journey-a', [lesson()], { expectedRevision: 1 });
    expect(again.revision).toBe(2);
  });

  it('replays a stream (state for a decision) from the leader, not from a follower missing its tail', async () => {
    const fake = new FakeEsdb();
    const store = await open(fake);
    fake.followerLags = true;
    await store.append('journey-a', [lesson(), lesson()], { expectedRevision: 'no_stream' });
    fake.connectedTo = 'follower';
    expect((await collect(store.readStream('journey-a'))).map((e) => e.revision)).toEqual([0, 1]);
    expect(await store.head('journey-a')).toMatchObject({ revision: 1 });
  });
});

describe('the write timeout: a timed-out append may still commit', () => {
  it('answers success when the place, read again, holds the append', async () => {
    const fake = new FakeEsdb();
    const store = await open(fake);
    fake.nextAppendTimesOut = 'committed';
    const r = await store.append('journey-a', [lesson(), lesson()], { expectedRevision: 'no_stream' });
    expect(r).toMatchObject({ revision: 1, replayed: false });
  });

  it('says the outcome is unknown when it is not there yet; a retry of the same events never writes twice', async () => {
    const fake = new FakeEsdb();
    const store = await open(fake);
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    const events = [lesson()];
    fake.nextAppendTimesOut = 'lands-later';
    const err = await store.append('journey-a', events, { expectedRevision: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/may still be written.*retry with the same event ids/);
    expect((err as Error).message).not.toMatch(/is the server running/);
    fake.landPendingWrites();
    const retry = await store.append('journey-a', events, { expectedRevision: 0 });
    expect(retry).toMatchObject({ revision: 1, replayed: true });
    expect(await collect(store.readStream('journey-a'))).toHaveLength(2);
  });

  it('retries an append that timed out without committing as a fresh write', async () => {
    const fake = new FakeEsdb();
    const store = await open(fake);
    const events = [lesson()];
    fake.nextAppendTimesOut = 'never';
    await expect(store.append('journey-a', events, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(await collect(store.readStream('journey-a'))).toEqual([]);
    await expect(store.append('journey-a', events, { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      replayed: false,
    });
  });

  it("keeps appending when the app's clock is 10 s behind the server's (the append deadline is an absolute time)", async () => {
    const fake = new FakeEsdb({ serverClockAheadMs: 10_000 });
    const store = await open(fake);
    await expect(store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' })).resolves.toMatchObject({
      revision: 0,
    });
  });
});

describe('deadlines: a wedged server makes calls fail, not hang', () => {
  it('fails every read that gets no answer within the deadline (defaultDeadline in the URL)', async () => {
    const fake = new FakeEsdb();
    const store = await open(fake, '&defaultDeadline=40');
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    fake.hang = true;
    const silent = /sent nothing for 0\.04 s/;
    await expect(collect(store.readAll())).rejects.toThrow(silent);
    await expect(collect(store.readStream('journey-a'))).rejects.toThrow(silent);
    await expect(store.head('journey-a')).rejects.toThrow(silent);
    await expect(store.lastPosition()).rejects.toThrow(silent);
    await expect(store.append('journey-a', [lesson()], { expectedRevision: 0 })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  }, 5_000);

  it('makes a subscription again, and says so, when the server does not confirm it in time', async () => {
    const fake = new FakeEsdb();
    const logs: string[] = [];
    const store = await open(fake, '&defaultDeadline=40', { log: (m) => logs.push(m) });
    fake.subscriptionsHang = true;
    const seen = firstValueFrom(store.live$.pipe(take(1), toArray()));
    while (!logs.some((m) => /did not confirm the subscription within 0\.04 s/.test(m)))
      await new Promise((r) => setTimeout(r, 10));
    fake.subscriptionsHang = false;
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    expect((await seen).map((e) => e.streamId)).toEqual(['journey-a']);
  }, 5_000);

  it('logs a dropped subscription, with where it resumes', async () => {
    const fake = new FakeEsdb();
    const logs: string[] = [];
    const store = await open(fake, '', { log: (m) => logs.push(m) });
    const seen = firstValueFrom(store.live$.pipe(take(2), toArray()));
    const first = await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    await new Promise((r) => setTimeout(r, 5));
    fake.dropConnections();
    await store.append('journey-a', [lesson()], { expectedRevision: 0 });
    expect((await seen).map((e) => e.revision)).toEqual([0, 1]);
    expect(logs.join('\n')).toContain(
      `EventStoreDB at esdb://fake:2113?tls=false: the live subscription to $all dropped after position ${first.position}`,
    );
  });
});

describe('what the server sends that the ledger must not take at face value', () => {
  it('refuses an event whose stream read carries the 2^64−1 "no position" placeholder', async () => {
    const sqlite = openSqliteStore({ file: ':memory:', clock });
    const [e] = (await sqlite.append('journey-a', [lesson()], { expectedRevision: 'no_stream' })).events;
    await sqlite.close();
    const fake = new FakeEsdb();
    const store = await open(fake);
    fake.legacy('journey-a', encodeEvent(e as NonNullable<typeof e>)); // committed by an old client's transaction
    await expect(collect(store.readStream('journey-a'))).rejects.toThrow(/no known position.*2\^64−1/);
    await expect(store.head('journey-a')).rejects.toThrow(/no known position/);
    // $all knows where it is: the ledger reads it from there.
    expect((await collect(store.readAll())).map((x) => x.id)).toEqual([e?.id]);
  });

  it('explains that reading $all needs $admins when the user is not one', async () => {
    const fake = new FakeEsdb({ user: 'ops' });
    const err = await openEventStoreDbStore('esdb://ops:secret@fake:2113?tls=true', { client: fake }).catch(
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/refused to let this user read \$all.*\$admins/);
    expect((err as Error).message).not.toContain('secret');
  });
});

describe('connection-string settings the client would ignore or misread are refused at open', () => {
  it('refuses throwOnAppendFailure=false, which turns conflicts into silent { success: false }', async () => {
    await expect(
      openEventStoreDbStore('esdb://fake:2113?tls=false&throwOnAppendFailure=false', { client: new FakeEsdb() }),
    ).rejects.toThrow(/throwOnAppendFailure=false is not supported/);
  });

  it('still reports a conflict, not a false duplicate, from a client that answers { success: false }', async () => {
    const fake = new FakeEsdb({ throwOnAppendFailure: false });
    const store = await open(fake);
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 3 }, () => store.append('journey-a', [lesson()], { expectedRevision: 0 })),
    );
    const failures = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(failures).toHaveLength(2);
    for (const f of failures) expect(f.reason).toBeInstanceOf(ConcurrencyError);
  });

  it('refuses tlsVerifyCert=false, which client 6.2.1 ignores, and says what to do instead', async () => {
    await expect(
      openEventStoreDbStore('esdb://db:2113?tls=true&tlsVerifyCert=false', { client: new FakeEsdb() }),
    ).rejects.toThrow(/tlsVerifyCert=false has no effect.*tlsCAFile=/);
  });

  it("takes the ledger's own streamPrefix from the URL and never hands it to the client", async () => {
    const fake = new FakeEsdb();
    const store = await open(fake, '&streamPrefix=city-ledger-');
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    expect(fake.log.filter((r) => r.kind === 'event' && !r.streamId.startsWith('$')).map((r) => r.streamId)).toEqual([
      'city-ledger-journey-a',
    ]);
    await expect(open(new FakeEsdb(), '&streamPrefix=$system')).rejects.toThrow(/streamPrefix must be/);
  });
});
