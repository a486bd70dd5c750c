import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { firstValueFrom, take, toArray } from 'rxjs';
import { eventHash, GENESIS_HASH, type StoredEvent } from '../../src/events/envelope.js';
import { comparePositions } from '../../src/events/position.js';
import { ConcurrencyError, DuplicateEventError, ChainError, type EventStore } from '../../src/store/port.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect, lesson, measurement, nextId } from '../support/events.js';

/**
 * The EventStore contract, written once and run against every adapter. `open` gives a fresh, empty
 * store (or one whose streams the test does not share: every stream name here is unique per test).
 */
export function storeContract(name: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let s: string;
    beforeEach(async () => {
      store = await open();
      s = `journey-${nextId('j')}`;
    });
    afterEach(async () => store.close());

    const count = async (streamId: string) => (await collect(store.readStream(streamId))).length;

    it('appends to a new stream with dense revisions from 0 and increasing positions', async () => {
      const r1 = await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      const r2 = await store.append(s, [lesson()], { expectedRevision: 1 });
      expect(r1.revision).toBe(1);
      expect(r2.revision).toBe(2);
      expect(r1.replayed).toBe(false);
      const events = await collect(store.readStream(s));
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
      for (let i = 1; i < events.length; i += 1) {
        expect(comparePositions((events[i] as StoredEvent).position, (events[i - 1] as StoredEvent).position)).toBe(1);
      }
      expect(r2.position).toBe(events[2]?.position);
    });

    it('chains each stream: revision 0 follows 64 zeros, every hash is the hash of the event', async () => {
      await store.append(s, [lesson(), lesson(), lesson()], { expectedRevision: 'no_stream' });
      const events = await collect(store.readStream(s));
      expect(events[0]?.prevHash).toBe(GENESIS_HASH);
      events.forEach((e, i) => {
        expect(e.hash).toBe(eventHash(e));
        if (i > 0) expect(e.prevHash).toBe(events[i - 1]?.hash);
      });
    });

    it('refuses a stale expected revision with a typed conflict and writes nothing', async () => {
      await store.append(s, [lesson()], { expectedRevision: 'no_stream' });
      await expect(store.append(s, [lesson()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      await expect(store.append(s, [lesson()], { expectedRevision: 5 })).rejects.toMatchObject({
        actual: 0,
        expected: 5,
      });
      await expect(store.append(`journey-${nextId('j')}`, [lesson()], { expectedRevision: 0 })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      expect(await count(s)).toBe(1);
    });

    it("appends with 'any' whatever the stream's revision", async () => {
      await store.append(s, [lesson()], { expectedRevision: 'any' });
      const r = await store.append(s, [lesson()], { expectedRevision: 'any' });
      expect(r.revision).toBe(1);
    });

    it('is all or nothing: a call with an id already stored elsewhere writes none of its events', async () => {
      const taken = lesson();
      const other = `journey-${nextId('j')}`;
      await store.append(other, [taken], { expectedRevision: 'no_stream' });
      await expect(store.append(s, [lesson(), taken], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        DuplicateEventError,
      );
      expect(await count(s)).toBe(0);
    });

    it('treats re-appending the same event ids at the same place as an idempotent retry', async () => {
      const events = [lesson(), lesson()];
      const first = await store.append(s, events, { expectedRevision: 'no_stream' });
      const before = await store.lastPosition();
      const retry = await store.append(s, events, { expectedRevision: 'no_stream' });
      expect(retry.replayed).toBe(true);
      expect(retry.position).toBe(first.position);
      expect(retry.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
      expect(await store.lastPosition()).toBe(before);
    });

    it('refuses an event id already stored in another stream', async () => {
      const e = lesson();
      await store.append(s, [e], { expectedRevision: 'no_stream' });
      await expect(store.append(`journey-${nextId('j')}`, [e], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        DuplicateEventError,
      );
    });

    it('exactly one of several concurrent appends with the same expected revision wins', async () => {
      await store.append(s, [lesson()], { expectedRevision: 'no_stream' });
      const attempts = await Promise.allSettled(
        Array.from({ length: 8 }, () => store.append(s, [lesson()], { expectedRevision: 0 })),
      );
      expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
      const rejected = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
      expect(rejected).toHaveLength(7);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(ConcurrencyError);
      expect(await count(s)).toBe(2);
    });

    it('reads a stream from a revision and up to a position', async () => {
      const r = await store.append(s, [lesson(), lesson(), lesson(), lesson()], { expectedRevision: 'no_stream' });
      expect((await collect(store.readStream(s, { fromRevision: 2 }))).map((e) => e.revision)).toEqual([2, 3]);
      const cut = r.events[1]?.position as string;
      expect((await collect(store.readStream(s, { to: cut }))).map((e) => e.revision)).toEqual([0, 1]);
      expect(await collect(store.readStream(`journey-${nextId('none')}`))).toEqual([]);
    });

    it('reads a stream as of an instant: only events recorded by then', async () => {
      const r = await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      const recordedAt = r.events[1]?.recordedAt as string;
      expect(await collect(store.readStream(s, { recordedBy: '2000-01-01T00:00:00Z' }))).toEqual([]);
      expect(await collect(store.readStream(s, { recordedBy: recordedAt }))).toHaveLength(2);
      const justBefore = new Date(Date.parse(r.events[0]?.recordedAt as string) - 1).toISOString();
      expect(await collect(store.readStream(s, { recordedBy: justBefore }))).toEqual([]);
    });

    it('reads all in position order, in pages, after and up to a position', async () => {
      const start = await store.lastPosition();
      const a = `indicator-${nextId('i')}`;
      await store.append(s, [lesson()], { expectedRevision: 'no_stream' });
      await store.append(a, [measurement('2024', 1), measurement('2025', 2)], { expectedRevision: 'no_stream' });
      const r = await store.append(s, [lesson()], { expectedRevision: 0 });
      const all = await collect(store.readAll({ after: start, pageSize: 2 }));
      expect(all.map((e) => e.streamId)).toEqual([s, a, a, s]);
      const pages = await collect(store.readPages({ after: start, pageSize: 3 }));
      expect(pages.map((p) => p.length)).toEqual([3, 1]);
      const upTo = await collect(store.readAll({ after: start, to: all[1]?.position as string }));
      expect(upTo).toHaveLength(2);
      expect(await store.lastPosition()).toBe(r.position);
    });

    it("reads all after any position, not only an event's own, and never from a position it made up", async () => {
      const start = await store.lastPosition();
      await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      const r = await store.append(`indicator-${nextId('i')}`, [measurement('2024', 1)], {
        expectedRevision: 'no_stream',
      });
      const mine = await collect(store.readAll({ after: start }));
      expect(mine).toHaveLength(3);
      for (const [i, e] of mine.entries()) {
        // Just before an event (on SQLite the previous event's position; elsewhere maybe inside a record).
        const before = (BigInt(e.position) - 1n).toString();
        expect((await collect(store.readAll({ after: before }))).map((x) => x.id)).toEqual(
          mine.slice(i).map((x) => x.id),
        );
        // After its own position (a page's `next`, a checkpoint): the events that follow.
        expect((await collect(store.readAll({ after: e.position, pageSize: 1 }))).map((x) => x.id)).toEqual(
          mine.slice(i + 1).map((x) => x.id),
        );
      }
      expect(await collect(store.readAll({ after: r.position }))).toEqual([]);
      expect(await collect(store.readAll({ after: (BigInt(r.position) + 10n ** 12n).toString() }))).toEqual([]);
    });

    it('stores recordedAt as an instant and derives occurredAt from a measurement period', async () => {
      const a = `indicator-${nextId('i')}`;
      const r = await store.append(a, [measurement('2025-Q3', 61.5)], { expectedRevision: 'no_stream' });
      const e = r.events[0] as StoredEvent;
      expect(e.occurredAt).toBe('2025-09-30T00:00:00.000Z');
      expect(Number.isNaN(Date.parse(e.recordedAt))).toBe(false);
      expect(e.actor).toEqual({ id: 'alice', name: 'Alice Contributor', role: 'contributor' });
      expect(e.data).toEqual({ measurementId: e.id, period: '2025-Q3', value: 61.5 });
    });

    it('reports the head of a stream', async () => {
      expect(await store.head(s)).toBeNull();
      const r = await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      expect(await store.head(s)).toEqual({ revision: 1, hash: r.events[1]?.hash, position: r.position });
    });

    it('emits appended events on live$ in position order', async () => {
      const seen = firstValueFrom(store.live$.pipe(take(3), toArray()));
      await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      await store.append(s, [lesson()], { expectedRevision: 1 });
      const events = await seen;
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
    });

    it('restores events exactly (ids, times, hashes), skips ones already there, refuses a broken chain', async () => {
      const source = await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      const copy = await open();
      try {
        const target = `journey-${nextId('copy')}`;
        // Same content under a new stream would break the hash: restore must refuse it.
        const moved = source.events.map((e) => ({ ...e, streamId: target }));
        await expect(copy.restore(moved)).rejects.toBeInstanceOf(ChainError);
        const first = await copy.restore(source.events.slice(0, 1));
        const again = await copy.restore(source.events);
        expect(first.written + again.written).toBe(2);
        const restored = await collect(copy.readStream(s));
        expect(restored.map((e) => [e.id, e.recordedAt, e.occurredAt, e.hash])).toEqual(
          source.events.map((e) => [e.id, e.recordedAt, e.occurredAt, e.hash]),
        );
        const tampered = {
          ...(source.events[1] as StoredEvent),
          id: nextId('x'),
          revision: 2,
          prevHash: source.events[1]?.hash as string,
        };
        await expect(copy.restore([tampered])).rejects.toBeInstanceOf(ChainError);
      } finally {
        await copy.close();
      }
    });

    it('gives every event read its ordinal, its 0-based place in ledger order, on every read path', async () => {
      const other = `journey-${nextId('j')}`;
      const live = firstValueFrom(store.live$.pipe(take(5), toArray()));
      const a = await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      const b = await store.append(other, [lesson()], { expectedRevision: 'no_stream' });
      const c = await store.append(s, [lesson(), lesson()], { expectedRevision: 1 });
      expect([...a.events, ...b.events, ...c.events].map((e) => e.ordinal)).toEqual([0, 1, 2, 3, 4]);
      const all = await collect(store.readAll());
      expect(all.map((e) => e.ordinal)).toEqual([0, 1, 2, 3, 4]);
      expect((await collect(store.readStream(s))).map((e) => e.ordinal)).toEqual([0, 1, 3, 4]);
      expect((await collect(store.readAll({ after: all[2]?.position }))).map((e) => e.ordinal)).toEqual([3, 4]);
      expect((await live).map((e) => e.ordinal)).toEqual([0, 1, 2, 3, 4]);
      // A second connection to the same ledger tells the same places.
      const restored = await open();
      try {
        await restored.restore(all);
        expect((await collect(restored.readAll())).map((e) => [e.id, e.ordinal])).toEqual(
          all.map((e) => [e.id, e.ordinal]),
        );
      } finally {
        await restored.close();
      }
    });

    it('verifies as intact after ordinary appends', async () => {
      await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      const v = await verifyLedger(store);
      expect(v.ok).toBe(true);
      expect(v.digest).toMatch(/^[0-9a-f]{64}$/);
      expect(v.events).toBeGreaterThanOrEqual(2);
    });
  });
}
