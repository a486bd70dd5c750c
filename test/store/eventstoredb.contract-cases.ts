import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent, StoredEvent } from '../../src/events/envelope.js';
import type { EventStoreDbStore } from '../../src/store/eventstoredb.js';
import { AppendTooLargeError, ChainError } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect, lesson, nextId } from '../support/events.js';

/**
 * What a server does to an EventStoreDB ledger that no other store does: the same cases run on the strict fake
 * (test/store/eventstoredb.fake.ts) and on a live server (EVENTSTORE_CONNECTION_STRING), where the harness acts
 * through a raw client. The store-neutral cases are in contract.ts.
 */
export interface EsdbServer {
  /**
   * A store on this server, on its own namespace (a fresh stream prefix, or none where the server is the test's
   * own); `query` is added to the store URL (e.g. 'maxAppendSize=4194304').
   */
  open(query?: string): Promise<{ store: EventStoreDbStore; prefix: string }>;
  /** Another application's events on the same server: unknown types, binary data, no metadata. */
  otherApplication(): Promise<void>;
  /** A link event ($>) in a user stream, pointing at a stream's event. */
  link(streamName: string, target: { streamId: string; revision: number }): Promise<void>;
  /** A soft delete (the client's deleteStream). */
  softDelete(streamName: string): Promise<void>;
  /** The server's maximum append size. */
  maxAppendSize: number;
}

/** A lesson whose text is `bytes` UTF-8 bytes of '€' (3 bytes, 1 UTF-16 unit each): small as characters. */
const euroLesson = (bytes: number): NewEvent => lesson('€'.repeat(Math.floor(bytes / 3)));

export function esdbContract(name: string, server: EsdbServer): void {
  describe(`EventStoreDB contract: ${name}`, () => {
    const opened: EventStoreDbStore[] = [];
    const open = async (query?: string) => {
      const o = await server.open(query);
      opened.push(o.store);
      return o;
    };
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });
    const count = async (store: EventStoreDbStore) => (await collect(store.readAll())).length;

    it("skips other applications' events and links in $all: reads, lastPosition, verify and live$ carry on", async () => {
      const { store } = await open();
      const s = `journey-${nextId('shared')}`;
      const seen = firstValueFrom(store.live$.pipe(take(3), toArray()));
      const first = await store.append(s, [lesson()], { expectedRevision: 'no_stream' });
      await server.otherApplication();
      await server.link(`links-${nextId('l')}`, { streamId: s, revision: 0 });
      const second = await store.append(s, [lesson(), lesson()], { expectedRevision: 0 });
      await server.otherApplication();
      const all = await collect(store.readAll());
      expect(all.map((e) => e.id)).toEqual([...first.events, ...second.events].map((e) => e.id));
      expect(await store.lastPosition()).toBe(second.position);
      expect(await verifyLedger(store)).toMatchObject({ ok: true, events: 3 });
      expect((await seen).map((e) => e.id)).toEqual(all.map((e) => e.id));
    });

    it('refuses an event bigger than the maximum append size in UTF-8 bytes before writing anything', async () => {
      const { store } = await open();
      const s = `journey-${nextId('big')}`;
      await store.append(s, [lesson()], { expectedRevision: 'no_stream' });
      const before = await count(store);
      const big = euroLesson(server.maxAppendSize + 3); // a third as many characters as bytes
      await expect(store.append(s, [big], { expectedRevision: 0 })).rejects.toBeInstanceOf(AppendTooLargeError);
      const err = await store.append(s, [big], { expectedRevision: 0 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 413, limit: server.maxAppendSize });
      expect(await count(store)).toBe(before);
    });

    it('refuses, whole, events that fit one by one but not together, counting metadata and type as 25 does', async () => {
      const { store } = await open();
      const s = `journey-${nextId('batch')}`;
      // About 60 bytes of data each (0.25 MiB in all), but with the envelope's metadata about 440 bytes each (1.8 MiB).
      const many = Array.from({ length: Math.ceil(server.maxAppendSize / 250) }, () => lesson('x'));
      await expect(store.append(s, many, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
        AppendTooLargeError,
      );
      expect(await collect(store.readStream(s))).toEqual([]);
      const half = many.slice(0, Math.floor(many.length / 4));
      await expect(store.append(s, half, { expectedRevision: 'no_stream' })).resolves.toMatchObject({
        revision: half.length - 1,
      });
    });

    it("maps the server's own refusal (its MaxAppendSize below what the URL says) to AppendTooLargeError", async () => {
      const { store } = await open(`maxAppendSize=${server.maxAppendSize * 4}`);
      const s = `journey-${nextId('srv')}`;
      await expect(
        store.append(s, [euroLesson(server.maxAppendSize * 2)], { expectedRevision: 'no_stream' }),
      ).rejects.toMatchObject({ name: 'AppendTooLargeError', status: 413, limit: server.maxAppendSize });
      expect(await collect(store.readStream(s))).toEqual([]);
    });

    it('restores in appends cut by UTF-8 bytes, and refuses an oversize event before writing any', async () => {
      const source = openSqliteStore({ file: ':memory:' });
      const s = `journey-${nextId('restore')}`;
      // 60,000 bytes but 20,000 characters each: about 40 such events exceed the limit counted in bytes.
      const events = Array.from({ length: Math.ceil((server.maxAppendSize * 2.5) / 60_000) }, () => euroLesson(60_000));
      await source.append(s, events, { expectedRevision: 'no_stream' });
      const other = `journey-${nextId('restore')}`;
      await source.append(other, [lesson(), euroLesson(server.maxAppendSize + 3)], { expectedRevision: 'no_stream' });
      const stored = await collect(source.readAll());
      await source.close();
      const { store } = await open();
      const oversize = stored.filter((e) => e.streamId === other);
      await expect(store.restore([...stored.filter((e) => e.streamId === s), ...oversize])).rejects.toBeInstanceOf(
        AppendTooLargeError,
      );
      expect(await count(store)).toBe(0);
      const fits = stored.filter((e) => e.streamId === s);
      expect(await store.restore(fits)).toEqual({ written: fits.length, skipped: 0 });
      expect((await collect(store.readStream(s))).map((e: StoredEvent) => e.hash)).toEqual(fits.map((e) => e.hash));
    });

    it('refuses to write to a soft-deleted stream, whose numbering would carry on after its old head', async () => {
      const { store, prefix } = await open();
      const s = `journey-${nextId('deleted')}`;
      await store.append(s, [lesson(), lesson()], { expectedRevision: 'no_stream' });
      await server.softDelete(prefix + s);
      const before = await count(store);
      await expect(store.append(s, [lesson()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ChainError);
      await expect(store.append(s, [lesson()], { expectedRevision: 'any' })).rejects.toThrow(/deleted in EventStoreDB/);
      expect(await count(store)).toBe(before);
    });
  });
}
