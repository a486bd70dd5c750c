import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayLedger } from '../../projections/replay.js';
import { Busy, heavyWork } from '../../src/app/heavy-work.js';
import { fixedClock } from '../../src/clock.js';
import type { StoredEvent } from '../../src/events/index.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { lesson } from '../support/events.js';

/**
 * Issue 12, item 5: an asOf cut is a position bound (the store finds the last position recorded by the instant, then a
 * replay reads up to it and no further), a whole-ledger replay leaves the event loop free between pages, and heavy
 * work runs two at a time.
 */
const EVENTS = 3000;
const START = Date.parse('2025-01-01T00:00:00Z');
/** Event n (1-based) is recorded n minutes after START. */
const recordedAt = (n: number) => new Date(START + n * 60_000).toISOString();

let store: SqliteEventStore;
beforeAll(async () => {
  const clock = fixedClock(new Date(START));
  store = openSqliteStore({ file: ':memory:', clock });
  for (let n = 1; n <= EVENTS; n++) {
    clock.set(recordedAt(n));
    await store.append(`journey-j${n % 7}`, [lesson(`lesson ${n}`)], { expectedRevision: 'any' });
  }
});
afterAll(async () => {
  await store?.close();
});

/** The store, counting the events its reads hand out. */
function counting(s: EventStore): { store: EventStore; read: () => number } {
  let read = 0;
  const wrapped = Object.create(s) as EventStore;
  wrapped.readPages = async function* (options) {
    for await (const page of s.readPages(options)) {
      read += page.length;
      yield page;
    }
  };
  return { store: wrapped, read: () => read };
}

describe('asOf is a position bound', () => {
  it('the store finds the last position recorded by an instant without reading the events', async () => {
    expect(await store.positionRecordedBy(recordedAt(500))).toBe('500');
    expect(await store.positionRecordedBy(new Date(START + 500 * 60_000 + 30_000).toISOString())).toBe('500');
    expect(await store.positionRecordedBy('2024-12-31T00:00:00Z')).toBe('0');
    expect(await store.positionRecordedBy('2030-01-01T00:00:00Z')).toBe(String(EVENTS));
  });

  it('a ledger-wide replay as of an instant reads up to that position only, and equals the replay at it', async () => {
    const c = counting(store);
    const asOf = await replayLedger(c.store, { asOf: recordedAt(500) }, { pageSize: 100 });
    expect(asOf.events).toBe(500);
    expect(c.read()).toBeLessThanOrEqual(500);
    const at = await replayLedger(store, { at: '500' });
    expect(asOf.position).toBe(at.position);
    expect(asOf.states).toEqual(at.states);
  });

  it('a ledger restored out of recording order is still cut exactly (no bound is taken then)', async () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const s = openSqliteStore({ file: ':memory:', clock });
    try {
      await s.append('journey-new', [lesson('recorded in 2026')], { expectedRevision: 'no_stream' });
      const older: StoredEvent[] = [];
      for await (const e of store.readStream('journey-j1')) if (older.length < 3) older.push(e);
      await s.restore(older); // recorded in 2025, stored after a 2026 event
      expect(await s.positionRecordedBy('2025-06-01T00:00:00Z')).toBe(await s.lastPosition());
      expect((await replayLedger(s, { asOf: '2025-06-01T00:00:00Z' })).events).toBe(3);
    } finally {
      await s.close();
    }
  });
});

describe('heavy work leaves the event loop free', () => {
  it('a whole-ledger replay yields between pages: a callback queued before it runs before it ends', async () => {
    let pagesWhenItRan = -1;
    let pages = 0;
    const c = counting(store);
    const inner = c.store.readPages.bind(c.store);
    c.store.readPages = async function* (options) {
      for await (const page of inner(options)) {
        pages += 1;
        yield page;
      }
    };
    setImmediate(() => {
      pagesWhenItRan = pages;
    });
    const r = await replayLedger(c.store, null, { pageSize: 500 });
    expect(r.events).toBe(EVENTS);
    expect(pages).toBe(EVENTS / 500);
    expect(pagesWhenItRan).toBeGreaterThanOrEqual(0);
    expect(pagesWhenItRan).toBeLessThan(pages);
  });

  it('at most two heavy jobs run at once; the others wait their turn, and past the queue are refused', async () => {
    const heavy = heavyWork(2, 2);
    let running = 0;
    let most = 0;
    const gates: (() => void)[] = [];
    const job = () =>
      heavy(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return 'done';
      });
    const jobs = [job(), job(), job(), job()];
    await new Promise((r) => setImmediate(r));
    expect(running).toBe(2);
    await expect(job()).rejects.toBeInstanceOf(Busy);
    while (gates.length > 0 || running > 0) {
      gates.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(jobs)).toEqual(['done', 'done', 'done', 'done']);
    expect(most).toBe(2);
  });
});
