import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/index.js';
import type { StoredEvent } from '../../src/events/envelope.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'read-ahead-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pages(it: AsyncIterable<StoredEvent[]>): Promise<StoredEvent[][]> {
  const out: StoredEvent[][] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('SQLite pages read ahead on another thread', () => {
  it('are the pages the store reads itself, within the same bounds, and may be left after any page', async () => {
    const file = join(dir, 'ledger.db');
    const store = openSqliteStore({ file, checkpointMs: 0 });
    await seedDemo(store, { now: '2026-11-25T00:00:00Z', journeys: 2, years: 2, seed: 5 });
    const last = Number(await store.lastPosition());
    expect(last).toBeGreaterThan(60);
    for (const options of [
      {},
      { pageSize: 7 },
      { after: '13', to: String(last - 9), pageSize: 10 },
      { after: String(last) },
    ]) {
      const ahead = await pages(store.readPages({ ...options, ahead: true }));
      expect(ahead, JSON.stringify(options)).toEqual(await pages(store.readPages(options)));
    }
    // Left after the first page (the worker is stopped): the store goes on answering, read ahead or not.
    let seen = 0;
    for await (const p of store.readPages({ pageSize: 5, ahead: true })) {
      seen += p.length;
      break;
    }
    expect(seen).toBe(5);
    expect((await pages(store.readPages({ after: '5', to: '10', ahead: true }))).flat().map((e) => e.position)).toEqual(
      ['6', '7', '8', '9', '10'],
    );
    await store.close();
  });

  it('fails with the reader’s error when the file cannot be read', async () => {
    const file = join(dir, 'gone.db');
    const store = openSqliteStore({ file, checkpointMs: 0 });
    await seedDemo(store, { now: '2026-11-25T00:00:00Z', journeys: 1, years: 2, seed: 5 });
    rmSync(file);
    await expect(pages(store.readPages({ ahead: true }))).rejects.toThrow();
    await store.close();
  });

  it('reads in memory as the store always does', async () => {
    const store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
    await seedDemo(store, { now: '2026-11-25T00:00:00Z', journeys: 1, years: 2, seed: 5 });
    expect(await pages(store.readPages({ ahead: true, pageSize: 9 }))).toEqual(
      await pages(store.readPages({ pageSize: 9 })),
    );
    await store.close();
  });
});
