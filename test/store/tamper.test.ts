import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { digestAt } from '../../src/store/verify.js';
import { alice, lesson, measurement } from '../support/events.js';

/** Edit the SQLite file behind the store's back, as an attacker with file access would. */
function tamper(file: string, sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  db.prepare(sql).run(...params);
  db.close();
}

describe('verify catches a rewritten record', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-tamper-'));
    file = join(dir, 'ledger.db');
    const store = openSqliteStore({ file });
    await store.append('journey-a', [lesson('one'), lesson('two'), lesson('three')], { expectedRevision: 'no_stream' });
    await store.append('indicator-b', [measurement('2024', 1), measurement('2025', 2)], {
      expectedRevision: 'no_stream',
    });
    await store.append('journey-a', [lesson('four')], { expectedRevision: 2 });
    await store.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const verify = async () => {
    const store = openSqliteStore({ file });
    try {
      return await verifyLedger(store);
    } finally {
      await store.close();
    }
  };

  it('is intact before anyone touches the file', async () => {
    expect((await verify()).ok).toBe(true);
  });

  it('names the event whose data had one byte changed', async () => {
    tamper(file, "UPDATE events SET data = replace(data, 'two', 'twO') WHERE position = 2");
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ streamId: 'journey-a', revision: 1, position: '2' });
    expect(v.firstBroken?.reason).toMatch(/altered/);
  });

  it('names the place where a row was deleted', async () => {
    tamper(file, 'DELETE FROM events WHERE position = 2');
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ position: '3' });
    expect(v.firstBroken?.reason).toMatch(/removed/);
  });

  it('names the place where two rows of a stream were swapped', async () => {
    tamper(file, 'UPDATE events SET position = -1 WHERE position = 1');
    tamper(file, 'UPDATE events SET position = 1 WHERE position = 3');
    tamper(file, 'UPDATE events SET position = 3 WHERE position = -1');
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBroken).toMatchObject({ streamId: 'journey-a', position: '1', revision: 2 });
  });

  it('names a rewritten actor, even with its hash recomputed by a naive forger', async () => {
    tamper(file, "UPDATE events SET actor_name = 'Mallory' WHERE position = 4");
    const v = await verify();
    expect(v.firstBroken).toMatchObject({ streamId: 'indicator-b', revision: 0, position: '4' });
  });

  it('catches a removed last event through the digest a published report recorded', async () => {
    const store = openSqliteStore({ file });
    const position = await store.lastPosition();
    const digest = await digestAt(store, position);
    const treeHead = await store.tree.treeHead();
    await store.append(
      'report-2026-Q3',
      [
        {
          id: 'report-2026-q3',
          type: 'ReportPublished',
          actor: alice,
          data: {
            period: '2026-Q3',
            position,
            treeHead,
            digest,
            files: [{ name: 'report.md', sha256: 'a'.repeat(64) }],
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    expect((await verifyLedger(store)).ok).toBe(true);
    await store.close();
    tamper(file, 'DELETE FROM events WHERE position = ?', Number(position));
    expect((await verify()).firstBroken?.reason).toMatch(/removed/);
    // A store without dense positions (EventStoreDB) has only the report's digest to go on.
    const reopened = openSqliteStore({ file });
    try {
      const sparse = Object.create(reopened, { densePositions: { value: false } }) as typeof reopened;
      const v = await verifyLedger(sparse);
      expect(v.ok).toBe(false);
      // The report's cut is its first 6 entries; without the removed one, its root (and digest) no longer match.
      expect(v.firstBroken?.reason).toMatch(
        /the first 6 events no longer match the tree head \(the report for 2026-Q3 \(entry 6\)\).*altered, removed or reordered/,
      );
    } finally {
      await reopened.close();
    }
  });
});
