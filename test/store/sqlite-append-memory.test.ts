import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { ConcurrencyError } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect, lesson } from '../support/events.js';

/**
 * The append path remembers each stream's head and the last recording time, so an append reads nothing before it
 * inserts (src/store/sqlite-append.ts). What it remembers must never be stale: another connection's commits, a
 * restore and an id already stored are each seen.
 */
describe('SQLite appends: what the write path remembers', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-append-'));
    file = join(dir, 'ledger.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("continues another connection's appends to the same stream, and refuses a stale expected revision", async () => {
    const a = openSqliteStore({ file, checkpointMs: 0 });
    const b = openSqliteStore({ file, checkpointMs: 0 });
    try {
      const first = await a.append('journey-x', [lesson('a1')], { expectedRevision: 'no_stream' });
      const second = await b.append('journey-x', [lesson('b1')], { expectedRevision: 0 });
      // a remembered revision 0 as the head; b's commit moved it.
      await expect(a.append('journey-x', [lesson('a2 stale')], { expectedRevision: 0 })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      const third = await a.append('journey-x', [lesson('a2')], { expectedRevision: 1 });
      expect(third.events[0]?.prevHash).toBe(second.events[0]?.hash);
      expect(second.events[0]?.prevHash).toBe(first.events[0]?.hash);
      const any = await a.append('journey-x', [lesson('a3')], { expectedRevision: 'any' });
      const fromB = await b.append('journey-x', [lesson('b2')], { expectedRevision: 'any' });
      expect(fromB.revision).toBe(any.revision + 1);
      expect(fromB.events[0]?.prevHash).toBe(any.events[0]?.hash);
      const report = await verifyLedger(a);
      expect(report.ok).toBe(true);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it("never records an append before another connection's later one (recordedAt does not go backwards)", async () => {
    const early = openSqliteStore({ file, checkpointMs: 0, clock: fixedClock('2026-05-01T12:00:00Z') });
    const late = openSqliteStore({ file, checkpointMs: 0, clock: fixedClock('2026-05-01T13:00:00Z') });
    try {
      await early.append('journey-x', [lesson()], { expectedRevision: 'no_stream' });
      await late.append('journey-y', [lesson()], { expectedRevision: 'no_stream' });
      const r = await early.append('journey-x', [lesson()], { expectedRevision: 0 });
      expect(r.events[0]?.recordedAt).toBe('2026-05-01T13:00:00.000Z');
    } finally {
      await late.close();
      await early.close();
    }
  });

  it('continues a stream from the head a restore wrote, not the head it last appended', async () => {
    const store = openSqliteStore({ file, checkpointMs: 0 });
    const elsewhere = openSqliteStore({ file: ':memory:' });
    try {
      const e0 = await store.append('journey-x', [lesson('one')], { expectedRevision: 'no_stream' });
      await elsewhere.restore(e0.events);
      const more = await elsewhere.append('journey-x', [lesson('two'), lesson('three')], { expectedRevision: 0 });
      expect(await store.restore(more.events)).toEqual({ written: 2, skipped: 0 });
      const next = await store.append('journey-x', [lesson('four')], { expectedRevision: 2 });
      expect(next.revision).toBe(3);
      expect(next.events[0]?.prevHash).toBe(more.events[1]?.hash);
      expect((await verifyLedger(store)).ok).toBe(true);
    } finally {
      await elsewhere.close();
      await store.close();
    }
  });

  it('answers a retried append with what is stored, whatever revision it expects, and writes nothing', async () => {
    const store = openSqliteStore({ file, checkpointMs: 0 });
    try {
      const events = [lesson('retried'), lesson('retried too')];
      const first = await store.append('journey-x', events, { expectedRevision: 'no_stream' });
      for (const expectedRevision of ['any', 'no_stream', 1] as const) {
        const again = await store.append('journey-x', events, { expectedRevision });
        expect(again.replayed).toBe(true);
        expect(again.events.map((e) => [e.position, e.hash])).toEqual(first.events.map((e) => [e.position, e.hash]));
      }
      expect(await collect(store.readAll())).toHaveLength(2);
      const after = await store.append('journey-x', [lesson('next')], { expectedRevision: 1 });
      expect(after.events[0]?.prevHash).toBe(first.events[1]?.hash);
    } finally {
      await store.close();
    }
  });
});
