import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { lesson } from '../support/events.js';

describe('SQLite file behaviour', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-file-'));
    file = join(dir, 'ledger.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in WAL mode with fsync on every commit', async () => {
    const store = openSqliteStore({ file });
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    await store.close();
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it("sees another process's appends on live$ once it tails the file", async () => {
    const server = openSqliteStore({ file });
    const cli = openSqliteStore({ file });
    try {
      const seen = firstValueFrom(server.live$.pipe(take(3), toArray()));
      await server.append('journey-a', [lesson('ours')], { expectedRevision: 'no_stream' });
      await cli.append('journey-a', [lesson('theirs')], { expectedRevision: 0 });
      await server.append('journey-a', [lesson('ours again')], { expectedRevision: 1 });
      const events = await seen;
      expect(events.map((e) => (e.data as { learned: string }).learned)).toEqual(['ours', 'theirs', 'ours again']);
      expect(events.map((e) => e.position)).toEqual(['1', '2', '3']);
    } finally {
      await cli.close();
      await server.close();
    }
  });

  it('picks up foreign appends by polling when asked to', async () => {
    const server = openSqliteStore({ file, pollMs: 20 });
    const cli = openSqliteStore({ file });
    try {
      const seen = firstValueFrom(server.live$.pipe(take(1)));
      await cli.append('journey-a', [lesson('from the CLI')], { expectedRevision: 'no_stream' });
      expect((await seen).streamId).toBe('journey-a');
    } finally {
      await cli.close();
      await server.close();
    }
  });

  it('keeps recordedAt from going backwards when the clock does', async () => {
    const clock = fixedClock('2026-05-01T12:00:00Z');
    const store = openSqliteStore({ file, clock });
    const a = await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    clock.set('2026-04-01T12:00:00Z');
    const b = await store.append('journey-a', [lesson()], { expectedRevision: 0 });
    expect(b.events[0]?.recordedAt).toBe(a.events[0]?.recordedAt);
    await store.close();
  });

  it('checkpoints the WAL so the file does not grow without bound', async () => {
    const store = openSqliteStore({ file });
    for (let i = 0; i < 40; i += 1) {
      await store.append(
        'journey-a',
        Array.from({ length: 100 }, () => lesson('x'.repeat(500))),
        { expectedRevision: 'any' },
      );
    }
    store.checkpoint('TRUNCATE');
    expect(statSync(`${file}-wal`).size).toBe(0);
    await store.close();
  });
});
