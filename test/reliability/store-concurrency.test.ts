import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { ConcurrencyError } from '../../src/store/port.js';
import { verifyLedger } from '../../src/store/verify.js';
import { verifyLedgerAndTree } from '../../src/store/verify-tree.js';
import { collect, lesson } from '../support/events.js';
import { tempDir } from '../support/server-process.js';

/**
 * Issue 9 §2 at the store: many writers on one stream with exact revisions get exactly one winner per revision
 * (the rest a ConcurrencyError, which the API answers 409); several OS processes writing one SQLite file lose
 * nothing and keep every chain intact. The HTTP versions are in http-concurrency.test.ts.
 */
const tmp = tempDir('store-concurrency');
afterAll(() => tmp.remove());

describe('many writers, one stream, exact revisions', () => {
  it('exactly one of 12 racing writers wins each revision, in one connection (group commit) and across two', async () => {
    const file = join(tmp.dir, 'race.db');
    const a = openSqliteStore({ file, checkpointMs: 0 });
    const b = openSqliteStore({ file, checkpointMs: 0 });
    const REVISIONS = 25;
    const WRITERS = 12;
    for (let rev = -1; rev < REVISIONS - 1; rev++) {
      const expectedRevision = rev < 0 ? ('no_stream' as const) : rev;
      const outcomes = await Promise.allSettled(
        Array.from({ length: WRITERS }, (_, w) =>
          (w % 2 === 0 ? a : b).append('journey-race', [lesson(`writer ${w} at ${rev}`)], { expectedRevision }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won, `revision ${rev + 1}`).toHaveLength(1);
      expect(
        lost.every((o) => o.reason instanceof ConcurrencyError),
        String(lost.find((o) => !(o.reason instanceof ConcurrencyError))?.reason),
      ).toBe(true);
    }
    const events = await collect(a.readStream('journey-race'));
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: REVISIONS }, (_, i) => i));
    expect((await verifyLedger(a)).ok).toBe(true);
    await a.close();
    await b.close();
  });
});

describe('several processes on one SQLite file', () => {
  /** A child process that appends `n` events to the shared stream (read head, append at it, retry on conflict) and to its own. */
  function writer(
    file: string,
    name: string,
    n: number,
    ready: () => void,
    go: Promise<void>,
  ): Promise<{ acknowledged: string[]; conflicts: number }> {
    // STORE_MODULE: run the writers on another build of the adapter (e.g. to show this test fails on a broken one).
    const store = pathToFileURL(process.env.STORE_MODULE ?? join(process.cwd(), 'dist/src/store/sqlite.js')).href;
    const script = `
      const { openSqliteStore } = await import(${JSON.stringify(store)});
      const store = openSqliteStore({ file: ${JSON.stringify(file)}, checkpointMs: 0 });
      const actor = { id: ${JSON.stringify(name)}, name: ${JSON.stringify(name)}, role: 'contributor' };
      const acknowledged = []; let conflicts = 0;
      // Start together: under load, node start-up alone could otherwise let one writer finish before another begins.
      process.stdout.write('ready\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      for (let i = 0; i < ${n}; i++) {
        const id = ${JSON.stringify(name)} + '-' + i;
        const ev = { id, type: 'LessonHarvested', data: { lessonId: id, learned: 'lesson ' + i }, actor };
        for (;;) {
          const head = await store.head('journey-shared');
          try {
            await store.append('journey-shared', [ev], { expectedRevision: head ? head.revision : 'no_stream' });
            break;
          } catch (e) { if (e.name === 'ConcurrencyError' || e.constructor.name === 'ConcurrencyError') { conflicts++; continue; } throw e; }
        }
        const own = { ...ev, id: id + '-own', data: { lessonId: id + '-own', learned: 'own ' + i } };
        await store.append('journey-' + ${JSON.stringify(name)}, [own], { expectedRevision: 'any' });
        acknowledged.push(id, id + '-own');
      }
      await store.close();
      process.stdout.write(JSON.stringify({ acknowledged, conflicts }));
    `;
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.startsWith('ready\n')) {
          out = out.slice(6);
          ready();
          void go.then(() => child.stdin.end('go\n'));
        }
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.once('exit', (code) =>
        code === 0
          ? resolve(JSON.parse(out) as { acknowledged: string[]; conflicts: number })
          : reject(new Error(`${name} exited ${code}: ${err}`)),
      );
    });
  }

  it('three processes racing on one stream and their own: every acknowledged event is stored once, positions dense, chains intact', async () => {
    const file = join(tmp.dir, 'shared.db');
    const N = 120;
    const names = ['p1', 'p2', 'p3'];
    let waiting = names.length;
    let start = () => {};
    const go = new Promise<void>((r) => {
      start = r;
    });
    const results = await Promise.all(
      names.map((p) =>
        writer(
          file,
          p,
          N,
          () => {
            if (--waiting === 0) start();
          },
          go,
        ),
      ),
    );
    const store = openSqliteStore({ file, checkpointMs: 0 });
    const all = await collect(store.readAll());
    const ids = new Set(all.map((e) => e.id));
    const acknowledged = results.flatMap((r) => r.acknowledged);
    expect(acknowledged).toHaveLength(3 * N * 2);
    expect(
      acknowledged.filter((id) => !ids.has(id)),
      'acknowledged but lost',
    ).toEqual([]);
    expect(all).toHaveLength(acknowledged.length);
    expect(all.map((e) => Number(e.position))).toEqual(all.map((_, i) => i + 1));
    expect((await collect(store.readStream('journey-shared'))).map((e) => e.revision)).toEqual(
      Array.from({ length: 3 * N }, (_, i) => i),
    );
    const verified = await verifyLedger(store);
    expect(verified.ok, JSON.stringify(verified.firstBroken)).toBe(true);
    // Each process kept the Merkle tree in its own transactions, continuing where the others left it.
    const { tree } = await verifyLedgerAndTree(store);
    expect(tree, JSON.stringify(tree?.firstBroken)).toMatchObject({
      ok: true,
      stored: 'matches',
      treeSize: all.length,
    });
    console.info(
      `3 processes × ${N}: ${all.length} events, ${results.reduce((s, r) => s + r.conflicts, 0)} conflicts retried, 0 lost`,
    );
    await store.close();
  }, 40_000);
});
