import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateSigningKeyPair,
  parsePrivateKey,
  parsePublicKey,
  signTreeHead,
} from '../../src/store/merkle/signing.js';
import type { SignedTreeHead } from '../../src/store/merkle/tree-head.js';
import { WitnessFileError } from '../../src/store/merkle/witness.js';
import { openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { verifyLedgerAndTree, type Witness } from '../../src/store/verify-tree.js';
import { forgeEvent, seedFortyEvents } from '../support/insider.js';
import { collect } from '../support/events.js';
import { FakeEsdb } from './eventstoredb.fake.js';

let dir: string;
let file: string;
const pair = generateSigningKeyPair();
const signingKey = parsePrivateKey(pair.privateKeyPem, 'test key');
const publicKey = parsePublicKey(pair.publicKeyPem, 'test public key');
const SIGNED_AT = '2026-11-29T12:00:00.000Z';

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-merkle-verify-'));
  file = join(dir, 'ledger.db');
  const store = open();
  await seedFortyEvents(store);
  await store.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (): SqliteEventStore => openSqliteStore({ file, checkpointMs: 0 });
async function withStore<T>(work: (s: SqliteEventStore) => Promise<T>): Promise<T> {
  const store = open();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
const verify = (witness?: Witness) => withStore((s) => verifyLedgerAndTree(s, witness ? { witness } : {}));
const sign = (sizes: number[]): Promise<SignedTreeHead[]> =>
  withStore(async (s) =>
    Promise.all(sizes.map(async (n) => signTreeHead(await s.tree.treeHead(n), SIGNED_AT, signingKey))),
  );
const witnessOf = (heads: SignedTreeHead[]): Witness => ({ source: 'w.jsonl', heads, publicKey });
const tamper = (sql: string) => {
  const db = new Database(file);
  db.exec(sql);
  db.close();
};

describe('verify recomputes the Merkle tree and compares it with the stored one', () => {
  it('says the stored tree matches an untouched ledger', async () => {
    const { chain, tree } = await verify();
    expect(chain.ok).toBe(true);
    expect(tree).toMatchObject({ ok: true, treeSize: 40, stored: 'matches' });
    expect(tree?.rootHash).toBe((await withStore((s) => s.tree.treeHead())).rootHash);
  });

  it('names a tampered stored subtree and the first event it covers', async () => {
    tamper(`UPDATE merkle_subtrees SET hash = zeroblob(32) WHERE level = 4 AND idx = 1`);
    const { tree } = await verify();
    expect(tree?.ok).toBe(false);
    expect(tree?.firstBroken).toMatchObject({
      check: 'stored-tree',
      reason: expect.stringMatching(/stored Merkle subtree 4\/1 \(entries 17–32\) does not match/),
      event: { leafIndex: 16, position: '17', streamId: 'journey-b', revision: 6 },
    });
  });

  it('names the block of an event whose hashes were recomputed but whose stored tree was not', async () => {
    await forgeEvent(file, 20, (e) => ((e.data as { learned: string }).learned = 'rewritten'), { rebuildTree: false });
    const { chain, tree } = await verify();
    expect(chain.ok).toBe(true);
    expect(tree?.firstBroken).toMatchObject({
      check: 'stored-tree',
      reason: expect.stringMatching(/subtree 4\/1 \(entries 17–32\) does not match the events' hashes/),
      event: { leafIndex: 16, position: '17', streamId: 'journey-b', revision: 6 },
    });
  });

  it('reports extra stored subtrees beyond the events', async () => {
    tamper(`INSERT INTO merkle_subtrees (level, idx, hash) VALUES (4, 2, zeroblob(32))`);
    const { tree } = await verify();
    expect(tree?.firstBroken?.reason).toMatch(/holds subtree 4\/2, beyond the 40 events/);
  });

  it('accepts a stored tree that lags behind the events (not built yet) without writing one', async () => {
    tamper('DELETE FROM merkle_subtrees');
    const { tree } = await verify();
    expect(tree).toMatchObject({ ok: true, stored: { coversOnly: 0 } });
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM merkle_subtrees').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('verify against a witness: signed tree heads kept outside the file', () => {
  it('accepts a ledger that matches every head, and says of which key', async () => {
    const { tree } = await verify(witnessOf(await sign([0, 1, 16, 33, 40])));
    expect(tree).toMatchObject({ ok: true, witness: { source: 'w.jsonl', keyId: pair.keyId, heads: 5, largest: 40 } });
  });

  it('refuses a witness line that the key did not sign, naming the line, before reading any event', async () => {
    const heads = await sign([10, 20]);
    const forged = { ...(heads[1] as SignedTreeHead), rootHash: 'f'.repeat(64) };
    await expect(verify(witnessOf([heads[0] as SignedTreeHead, forged]))).rejects.toThrow(WitnessFileError);
    await expect(verify(witnessOf([heads[0] as SignedTreeHead, forged]))).rejects.toThrow(
      /w.jsonl line 2: the signature does not verify/,
    );
    const other = parsePublicKey(generateSigningKeyPair().publicKeyPem, 'other');
    await expect(verify({ source: 'w.jsonl', heads, publicKey: other })).rejects.toThrow(/line 1: signed by key/);
  });

  it('the insider: a rewritten event with every hash and the stored tree recomputed passes verify, not the witness', async () => {
    const everySize = await sign(Array.from({ length: 41 }, (_, n) => n));
    const sparse = await sign([8, 16, 24, 32, 40]);
    await forgeEvent(file, 23, (e) => {
      e.actor.name = 'Mallory';
    });
    const alone = await verify();
    expect(alone.chain.ok).toBe(true);
    expect(alone.tree).toMatchObject({ ok: true, stored: 'matches' });

    const exact = await verify(witnessOf(everySize));
    expect(exact.tree?.ok).toBe(false);
    expect(exact.tree?.firstBroken).toMatchObject({
      check: 'witness',
      event: { leafIndex: 22, position: '23', streamId: 'journey-a', revision: 12 },
      reason: expect.stringMatching(
        /first 23 events no longer match .* line 24\): .*still match the head of 22 events, so entry 23 was altered/,
      ),
    });

    const bounded = await verify(witnessOf(sparse));
    expect(bounded.tree?.firstBroken).toMatchObject({
      event: { leafIndex: 16, position: '17' },
      reason: expect.stringMatching(
        /still match the head of 16 events, so an event among entries 17–24 was altered.*the last of them: stream journey-a revision 13 position 24/,
      ),
    });
  });

  it('checks a witness on a store that keeps no tree (EventStoreDB), from the events alone', async () => {
    const heads = await sign([16, 40]);
    const esdb = await openEventStoreDbStore('esdb://fake:2113?tls=false', { client: new FakeEsdb() });
    await esdb.restore(await withStore((s) => collect(s.readAll())));
    const { chain, tree } = await verifyLedgerAndTree(esdb, { witness: witnessOf(heads) });
    expect(chain.ok).toBe(true);
    expect(tree).toMatchObject({ ok: true, stored: 'none', treeSize: 40, witness: { heads: 2, largest: 40 } });
    await esdb.close();
  });

  it('names the events a witness saw that the ledger no longer has', async () => {
    const heads = await sign([30, 40]);
    tamper('DELETE FROM events WHERE position > 35');
    tamper('DELETE FROM merkle_subtrees WHERE idx * (1 << level) + (1 << level) > 35');
    const { chain, tree } = await verify(witnessOf(heads));
    expect(chain.ok).toBe(true);
    expect(tree?.firstBroken?.reason).toMatch(
      /the ledger has 35 events, but a tree head of 40 events .* line 2\): events 36–40 were removed/,
    );
    expect(await withStore(async (s) => (await collect(s.readAll())).length)).toBe(35);
  });
});
