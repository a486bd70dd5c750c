import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/events/canonical.js';
import { eventHash, type StoredEvent } from '../../src/events/envelope.js';
import { eventLeafHash, LEAF_HASHING, merkleRoot } from '../../src/store/merkle/hash.js';
import { TreeRangeError } from '../../src/store/merkle/ledger-tree.js';
import { verifyConsistency, verifyInclusion } from '../../src/store/merkle/verify-proofs.js';
import { LOWEST_STORED_LEVEL } from '../../src/store/sqlite-merkle.js';
import { eventToParams, INSERT_SQL } from '../../src/store/sqlite-schema.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { collect, lesson, measurement } from '../support/events.js';
import { memoryTree } from './merkle-fixtures.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-merkle-'));
  file = join(dir, 'ledger.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = () => openSqliteStore({ file, checkpointMs: 0 });
const lessons = (n: number) => Array.from({ length: n }, () => lesson());

/** Every stored row of the tree, as `level/index` → hash. */
function storedRows(): Map<string, string> {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT level, idx, hash FROM merkle_subtrees').all() as {
    level: number;
    idx: number;
    hash: Buffer;
  }[];
  db.close();
  return new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hash.toString('hex')]));
}

/**
 * The tree the store must hold, recomputed from its events with the reference MTH: every stored row is exactly a
 * complete subtree of 16 leaves or more, none is missing, and the head at every size is the reference root.
 */
async function expectTreeOf(store: SqliteEventStore): Promise<void> {
  const events = await collect(store.readAll());
  const leaves = events.map((e) => eventLeafHash(e.hash));
  const reference = memoryTree(leaves);
  const expected = new Map<string, string>();
  for (let level = LOWEST_STORED_LEVEL; 2 ** level <= leaves.length; level += 1)
    for (let i = 0; (i + 1) * 2 ** level <= leaves.length; i += 1)
      expected.set(`${level}/${i}`, reference.subtree(level, i));
  expect(storedRows()).toEqual(expected);
  expect(await store.tree.treeHead()).toEqual({ treeSize: leaves.length, rootHash: merkleRoot(leaves) });
  for (const n of [0, 1, 15, 16, 17, 31, 32, 33, leaves.length - 1].filter((x) => x >= 0 && x <= leaves.length))
    expect((await store.tree.treeHead(n)).rootHash, `size ${n}`).toBe(reference.roots[n]);
}

describe('the SQLite store keeps the Merkle tree on every append path', () => {
  it('single appends, one transaction each', async () => {
    const store = open();
    for (let i = 0; i < 40; i += 1) await store.append('journey-a', [lesson()], { expectedRevision: 'any' });
    await expectTreeOf(store);
    await store.close();
  });

  it('group commit: appends queued together, one of them refused in its savepoint', async () => {
    const store = open();
    await store.append('journey-a', lessons(3), { expectedRevision: 'no_stream' });
    const outcomes = await Promise.allSettled([
      store.append('journey-a', lessons(10), { expectedRevision: 2 }),
      store.append('journey-a', lessons(7), { expectedRevision: 2 }), // conflicts with the first: rolled back alone
      store.append('journey-b', lessons(20), { expectedRevision: 'no_stream' }),
      store.append('journey-c', lessons(9), { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    await expectTreeOf(store);
    await store.close();
  });

  it('appendMany, and an appendMany that fails as a whole leaves the tree as it was', async () => {
    const store = open();
    store.appendMany([
      { streamId: 'journey-a', events: lessons(12), expectedRevision: 'no_stream' },
      {
        streamId: 'indicator-b',
        events: [measurement('2024', 1), measurement('2025', 2)],
        expectedRevision: 'no_stream',
      },
    ]);
    const before = storedRows();
    expect(() =>
      store.appendMany([
        { streamId: 'journey-a', events: lessons(30), expectedRevision: 11 },
        { streamId: 'indicator-b', events: [measurement('2026', 3)], expectedRevision: 0 }, // stale: all refused
      ]),
    ).toThrow(/expected 0/);
    expect(storedRows()).toEqual(before);
    await store.append('journey-a', lessons(25), { expectedRevision: 11 });
    await expectTreeOf(store);
    await store.close();
  });

  it('restore (import and migration) brings the tree along: the target tree equals the source tree', async () => {
    const source = open();
    for (let i = 0; i < 6; i += 1) await source.append(`journey-${i % 3}`, lessons(11), { expectedRevision: 'any' });
    const events = await collect(source.readAll());
    const target = openSqliteStore({ file: join(dir, 'target.db'), checkpointMs: 0 });
    await target.restore(events.slice(0, 30));
    await target.restore(events); // the first 30 are skipped, the rest written
    for (const n of [1, 16, 30, 47, 66]) expect(await target.tree.treeHead(n)).toEqual(await source.tree.treeHead(n));
    await source.close();
    await target.close();
  });
});

describe('several connections on one file (as several processes)', () => {
  it('each continues the tree where the other left it, whatever the interleaving', async () => {
    const a = open();
    const b = open();
    await a.append('journey-a', lessons(5), { expectedRevision: 'any' });
    await b.append('journey-a', lessons(13), { expectedRevision: 'any' });
    await a.append('journey-a', lessons(1), { expectedRevision: 'any' });
    b.appendMany([{ streamId: 'journey-b', events: lessons(20), expectedRevision: 'any' }]);
    await Promise.all([
      a.append('journey-c', lessons(3), { expectedRevision: 'any' }),
      a.append('journey-d', lessons(4), { expectedRevision: 'any' }),
    ]);
    await b.restore([]);
    await b.append('journey-c', lessons(2), { expectedRevision: 'any' });
    await expectTreeOf(a);
    await expectTreeOf(b);
    await a.close();
    await b.close();
  });

  it('forgets its edge after a failed transaction, even when another connection then writes as many events', async () => {
    const a = open();
    const b = open();
    await a.append('journey-a', lessons(14), { expectedRevision: 'no_stream' });
    // a's transaction writes 3 events to journey-x (its edge moves 3 leaves on), then fails as a whole.
    expect(() =>
      a.appendMany([
        { streamId: 'journey-x', events: lessons(3), expectedRevision: 'no_stream' },
        { streamId: 'journey-a', events: lessons(1), expectedRevision: 0 },
      ]),
    ).toThrow(/expected 0/);
    // b writes exactly 3 other events: an edge that was not forgotten would now look current to a, and be wrong.
    await b.append('journey-y', lessons(3), { expectedRevision: 'no_stream' });
    await a.append('journey-a', lessons(5), { expectedRevision: 13 });
    await expectTreeOf(a);
    await a.close();
    await b.close();
  });
});

describe('a ledger written before the tree existed', () => {
  async function ledgerWithoutTree(events: number): Promise<void> {
    const store = open();
    for (let i = 0; i < events; i += 10) await store.append('journey-a', lessons(10), { expectedRevision: 'any' });
    await store.close();
    const db = new Database(file);
    db.exec('DROP TABLE merkle_subtrees');
    db.close();
  }

  it('gets its whole tree at the first tree read', async () => {
    await ledgerWithoutTree(100);
    const store = open();
    expect(storedRows().size).toBe(0);
    const head = await store.tree.treeHead();
    expect(head.treeSize).toBe(100);
    await expectTreeOf(store);
    await store.close();
  });

  it('gets its whole tree at the first append', async () => {
    await ledgerWithoutTree(50);
    const store = open();
    await store.append('journey-a', [lesson()], { expectedRevision: 49 });
    await expectTreeOf(store);
    await store.close();
  });

  it('catches up on events that an older version appended without the tree', async () => {
    const store = open();
    await store.append('journey-a', lessons(20), { expectedRevision: 'no_stream' });
    // An older process: events inserted with the adapter's own row format, no tree rows.
    const older = new Database(file);
    const insert = older.prepare(INSERT_SQL);
    let prev = (await store.head('journey-a'))?.hash as string;
    for (let revision = 20; revision < 60; revision += 1) {
      const e = {
        ...lesson(),
        streamId: 'journey-a',
        revision,
        recordedAt: '2026-11-29T12:00:00.000Z',
        occurredAt: '2026-11-29T12:00:00.000Z',
        schemaVersion: 1,
        prevHash: prev,
      } as Omit<StoredEvent, 'position' | 'hash'> & { hash: string };
      e.hash = eventHash(e as StoredEvent);
      insert.run(...eventToParams(e as StoredEvent, canonicalJson(e.data)));
      prev = e.hash;
    }
    older.close();
    await store.append('journey-a', lessons(2), { expectedRevision: 59 });
    await expectTreeOf(store);
    await store.close();
  });
});

describe('proofs from the SQLite store', () => {
  it('hands out inclusion proofs that say how leaves are made, and consistency proofs, over 2000 events', async () => {
    const store = open();
    for (let i = 0; i < 20; i += 1) await store.append(`journey-${i % 4}`, lessons(100), { expectedRevision: 'any' });
    const events = await collect(store.readAll());
    const tree = memoryTree(events.map((e) => eventLeafHash(e.hash)));
    const first = await store.tree.inclusionProof(0, 1);
    expect(first).toEqual({
      leafIndex: 0,
      treeSize: 1,
      position: '1',
      eventHash: events[0]?.hash,
      leafHash: eventLeafHash(events[0]?.hash as string),
      auditPath: [],
      rootHash: tree.roots[1],
      leafHashing: LEAF_HASHING,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: events.length }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 }))),
        fc.integer({ min: 1, max: events.length }),
        async ([n, m], k) => {
          const inclusion = await store.tree.inclusionProof(m, n);
          expect(inclusion.position).toBe(events[m]?.position);
          expect(inclusion.rootHash).toBe(tree.roots[n]);
          expect(verifyInclusion(inclusion)).toEqual({ ok: true });
          const [from, to] = [Math.min(k, n), Math.max(k, n)];
          const consistency = await store.tree.consistencyProof(from, to);
          const roots = { fromRoot: tree.roots[from] as string, toRoot: tree.roots[to] as string };
          expect(verifyConsistency({ ...consistency, ...roots })).toEqual({ ok: true });
        },
      ),
      { numRuns: 150, seed: 17 },
    );
    await store.close();
  });

  it('refuses sizes and leaves outside the ledger with a TreeRangeError, and finds leaves by position', async () => {
    const store = open();
    await store.append('journey-a', lessons(5), { expectedRevision: 'no_stream' });
    await expect(store.tree.treeHead(6)).rejects.toThrow(TreeRangeError);
    await expect(store.tree.treeHead(-1)).rejects.toThrow(/there is no tree of -1/);
    await expect(store.tree.inclusionProof(5, 5)).rejects.toThrow(/leaf 5 is not in the tree of 5 events/);
    await expect(store.tree.inclusionProof(0, 6)).rejects.toThrow(TreeRangeError);
    await expect(store.tree.consistencyProof(0, 5)).rejects.toThrow(/from 1 to 5 events, not from 0/);
    await expect(store.tree.consistencyProof(3, 6)).rejects.toThrow(TreeRangeError);
    expect(await store.tree.consistencyProof(5)).toEqual({ from: 5, to: 5, proof: [] });
    expect(await store.tree.leafIndexOf('3')).toBe(2);
    expect(await store.tree.leafIndexOf('6')).toBeNull();
    expect(await store.tree.leafIndexOf('0')).toBeNull();
    expect(await store.tree.leafIndexOf('x')).toBeNull();
    await store.close();
  });
});
