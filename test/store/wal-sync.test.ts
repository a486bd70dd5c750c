import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import type { StoredEvent } from '../../src/events/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { WalSync } from '../../src/store/sqlite-wal-sync.js';

/**
 * Queued appends commit without an inline fsync and are acknowledged only after the WAL's fdatasync, made off the
 * event loop (src/store/sqlite-wal-sync.ts): nothing is acknowledged, or emitted, before it is on disk.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jl-walsync-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const lesson = (i: number) => ({
  id: `0190c0de-0000-7000-8000-${String(i).padStart(12, '0')}`,
  type: 'LessonHarvested' as const,
  actor: { id: 'ada', name: 'Ada', role: 'contributor' as const },
  data: { lessonId: `l${i}`, learned: `lesson ${i}` },
});

describe('appends wait for the WAL sync', () => {
  it('an append is neither acknowledged nor emitted until its commit is synced', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const durable = vi.spyOn(WalSync.prototype, 'durable').mockImplementation(() => gate);
    const store = openSqliteStore({ file: join(dir, 'ledger.db'), clock: fixedClock('2026-11-25T12:00:00Z') });
    try {
      const seen: StoredEvent[] = [];
      store.live$.subscribe((e) => seen.push(e));
      let acknowledged = false;
      const appended = store
        .append('journey-j1', [lesson(1)], { expectedRevision: 'no_stream' })
        .then(() => (acknowledged = true));
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      expect(durable).toHaveBeenCalledTimes(1);
      expect((await store.head('journey-j1'))?.revision).toBe(0); // committed, visible to this connection
      expect(acknowledged).toBe(false);
      expect(seen).toHaveLength(0);
      release();
      await appended;
      expect(acknowledged).toBe(true);
      expect(seen.map((e) => e.streamId)).toEqual(['journey-j1']);
    } finally {
      release();
      await store.close();
    }
  });

  it('when the sync fails, the appends are refused as the store being unavailable (503), never acknowledged', async () => {
    vi.spyOn(WalSync.prototype, 'durable').mockRejectedValue(Object.assign(new Error('EIO'), { code: 'EIO' }));
    const store = openSqliteStore({ file: join(dir, 'ledger.db'), clock: fixedClock('2026-11-25T12:00:00Z') });
    try {
      await expect(store.append('journey-j1', [lesson(1)], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        name: 'StoreUnavailableError',
        message: expect.stringMatching(/SQLITE_IOERR_FSYNC/),
      });
    } finally {
      await store.close();
    }
  });

  it('many concurrent appends are all acknowledged, in commit order, and all stored', async () => {
    const store = openSqliteStore({ file: join(dir, 'ledger.db'), clock: fixedClock('2026-11-25T12:00:00Z') });
    try {
      const order: number[] = [];
      const all = Array.from({ length: 60 }, (_, i) =>
        store
          .append(`journey-j${i}`, [lesson(i)], { expectedRevision: 'no_stream' })
          .then((r) => order.push(Number(r.position))),
      );
      await Promise.all(all);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(await store.lastPosition()).toBe('60');
    } finally {
      await store.close();
    }
  });
});

describe('WalSync', () => {
  it('after one sync fails, every later one fails too: nothing more is acknowledged on a WAL in doubt', async () => {
    const wal = join(dir, 'x-wal');
    const sync = new WalSync(wal);
    await expect(sync.durable()).rejects.toMatchObject({ code: 'ENOENT' });
    writeFileSync(wal, 'frames');
    await expect(sync.durable()).rejects.toMatchObject({ code: 'ENOENT' });
    const fine = new WalSync(wal);
    await Promise.all([fine.durable(), fine.durable(), fine.durable()]);
    await fine.idle();
    await sync.idle();
  });
});
