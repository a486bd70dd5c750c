import { describe, expect, it } from 'vitest';
import { EventStoreDbStore, openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { merkleRoot, eventLeafHash } from '../../src/store/merkle/hash.js';
import { TreeRangeError } from '../../src/store/merkle/ledger-tree.js';
import { verifyConsistency, verifyInclusion } from '../../src/store/merkle/verify-proofs.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { collect, lesson, measurement } from '../support/events.js';
import { FakeEsdb } from './eventstoredb.fake.js';

/**
 * The EventStoreDB adapter's tree (docs/decisions.md, "The EventStoreDB tree"): the ordered index of the ledger's own
 * positions and the Merkle tree over them, kept in memory, built from $all on first use and kept up to date by this
 * connection's appends and another's. It answers exactly what SQLite's stored tree answers for the same ledger.
 */
const open = (fake: FakeEsdb) => openEventStoreDbStore('esdb://fake:2113?tls=false', { client: fake });

describe('the EventStoreDB tree', () => {
  it("answers SQLite's heads and proofs for the same ledger, and an ordinal for every position", async () => {
    const fake = new FakeEsdb();
    const esdb = await open(fake);
    const sqlite = openSqliteStore({ file: ':memory:' });
    for (let i = 0; i < 13; i += 1) {
      const stream = i % 3 === 0 ? 'indicator-rate' : `journey-j${i % 2}`;
      const events =
        stream === 'indicator-rate' ? [measurement(String(2000 + i), i)] : Array.from({ length: 5 }, () => lesson());
      await esdb.append(stream, events, { expectedRevision: 'any' });
    }
    await sqlite.restore(await collect(esdb.readAll()));
    const all = await collect(esdb.readAll());
    expect(await esdb.tree.treeHead()).toEqual(await sqlite.tree.treeHead());
    expect((await esdb.tree.treeHead()).rootHash).toBe(merkleRoot(all.map((e) => eventLeafHash(e.hash))));
    for (const n of [1, 2, 15, 16, 17, 33, all.length]) {
      expect(await esdb.tree.treeHead(n)).toEqual(await sqlite.tree.treeHead(n));
      for (const leaf of [0, n - 1, Math.floor(n / 2)]) {
        const p = await esdb.tree.inclusionProof(leaf, n);
        expect({ ...p, position: '' }).toEqual({ ...(await sqlite.tree.inclusionProof(leaf, n)), position: '' });
        expect(p.position).toBe(all[leaf]?.position);
        expect(verifyInclusion(p).ok).toBe(true);
      }
      const c = await esdb.tree.consistencyProof(1, n);
      expect(c).toEqual(await sqlite.tree.consistencyProof(1, n));
      const [fromRoot, toRoot] = [(await esdb.tree.treeHead(1)).rootHash, (await esdb.tree.treeHead(n)).rootHash];
      expect(verifyConsistency({ ...c, fromRoot, toRoot }).ok).toBe(true);
    }
    for (const [i, e] of all.entries()) expect(await esdb.tree.leafIndexOf(e.position)).toBe(i);
    expect(await esdb.tree.leafIndexOf('12345678')).toBeNull();
    await expect(esdb.tree.treeHead(all.length + 1)).rejects.toBeInstanceOf(TreeRangeError);
    await expect(esdb.tree.inclusionProof(5, 5)).rejects.toBeInstanceOf(TreeRangeError);
    expect(esdb.tree.kept).toBe('memory');
    await esdb.close();
    await sqlite.close();
  });

  it("is built from $all on first use by a new connection, and follows another connection's appends", async () => {
    const fake = new FakeEsdb();
    const first = await open(fake);
    await first.append('journey-a', [lesson(), lesson(), lesson()], { expectedRevision: 'no_stream' });
    // A second connection to the same server (another process): it has read nothing yet.
    const second = new EventStoreDbStore(fake, 'second');
    const before = fake.allReads.length;
    expect((await second.tree.treeHead()).treeSize).toBe(3);
    expect(fake.allReads.length).toBeGreaterThan(before);
    await first.append('journey-b', [lesson()], { expectedRevision: 'no_stream' });
    const appended = await second.append('journey-a', [lesson()], { expectedRevision: 2 });
    // The second connection places its own event after the one the first appended in between.
    expect(appended.events.map((e) => e.ordinal)).toEqual([4]);
    expect(await second.tree.treeHead()).toEqual(await first.tree.treeHead());
    expect((await collect(first.readStream('journey-a'))).map((e) => e.ordinal)).toEqual([0, 1, 2, 4]);
    await first.close();
    await second.close();
  });
});
