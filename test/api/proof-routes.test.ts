import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLedgerHead } from '../../src/app/tree-heads.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { eventLeafHash } from '../../src/store/merkle/hash.js';
import { headSigner } from '../../src/store/merkle/signer.js';
import {
  checkTreeHeadSignature,
  generateSigningKeyPair,
  parsePrivateKey,
  parsePublicKey,
} from '../../src/store/merkle/signing.js';
import type { SignedTreeHead } from '../../src/store/merkle/tree-head.js';
import { verifyConsistency, verifyInclusion } from '../../src/store/merkle/verify-proofs.js';
import { readWitnessFile } from '../../src/store/merkle/witness.js';
import { lesson } from '../support/events.js';
import { isProblem, NOW, startHarness, SYSTEM, type Harness } from './support.js';

/**
 * The witnessed ledger's routes over a real server (issue 17): inclusion and consistency proofs from the API verify
 * for every entry and size of a generated ledger of a few thousand events, and fail for a wrong leaf, size or root;
 * bad numbers are a 400 or a 404, never a 5xx; the roles are verify's, the tree head and public key public with
 * PUBLIC_READ.
 */
const pair = generateSigningKeyPair();
let dir: string;
let h: Harness;
let open: Harness;
let events: number;
let signed: SignedTreeHead;

interface Inclusion {
  leafIndex: number;
  entry: number;
  treeSize: number;
  position: string;
  eventHash: string;
  leafHash: string;
  auditPath: string[];
  rootHash: string;
}
interface Consistency {
  from: number;
  to: number;
  proof: string[];
}

const rootOf = async (n: number) => (await h.store.tree.treeHead(n)).rootHash;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-proof-routes-'));
  const signer = headSigner(parsePrivateKey(pair.privateKeyPem, 'test key'), join(dir, 'checkpoints.jsonl'));
  h = await startHarness({ signer });
  for (let i = 0; i < 30; i += 1)
    await h.store.append(
      `journey-j${i % 7}`,
      Array.from({ length: 100 }, () => lesson()),
      { expectedRevision: 'any' },
    );
  signed = (
    await signLedgerHead(h.store, { signer, clock: fixedClock(NOW), newId: sequentialIds('head'), actor: SYSTEM })
  ).head;
  events = (await h.store.tree.treeHead()).treeSize;
  open = await startHarness({ publicRead: true, signer });
}, 60_000);
afterAll(async () => {
  await h.stop();
  await open.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/ledger/tree-head and /public-key', () => {
  it('answers the latest signed head, which the served public key verifies, and the witness file holds it', async () => {
    expect(signed.treeSize).toBe(events - 1);
    const r = await h.call('GET', '/api/ledger/tree-head', { role: 'scrutineer' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual(signed);
    const pem = await h.call('GET', '/api/ledger/public-key', { role: 'scrutineer' });
    expect(pem.type).toMatch(/application\/x-pem-file/);
    expect(checkTreeHeadSignature(r.body as SignedTreeHead, parsePublicKey(pem.body as string, 'served'))).toEqual({
      ok: true,
    });
    const json = await h.call('GET', '/api/ledger/public-key', {
      role: 'admin',
      headers: { accept: 'application/json' },
    });
    expect(json.body).toMatchObject({ keyId: signed.keyId, algorithm: 'Ed25519' });
    expect(readWitnessFile(join(dir, 'checkpoints.jsonl'))).toContainEqual(signed);
    const bySize = await h.call('GET', `/api/ledger/tree-head?treeSize=${signed.treeSize}`, { role: 'admin' });
    expect(bySize.body).toEqual(signed);
    expect(isProblem(await h.call('GET', '/api/ledger/tree-head?treeSize=5', { role: 'admin' }), 404)).toBe(true);
  });

  it('is public with PUBLIC_READ, and otherwise for scrutineers and admins only, as verify is', async () => {
    expect((await h.call('GET', '/api/ledger/tree-head', { role: 'none' })).status).toBe(401);
    expect((await h.call('GET', '/api/ledger/public-key', { role: 'viewer' })).status).toBe(403);
    expect((await open.call('GET', '/api/ledger/public-key', { role: 'none' })).status).toBe(200);
    // The proofs stay as verify: PUBLIC_READ does not open the raw ledger.
    expect((await open.call('GET', '/api/ledger/proof/inclusion?entry=1', { role: 'none' })).status).toBe(401);
    expect((await h.call('GET', '/api/ledger/proof/inclusion?entry=1', { role: 'viewer' })).status).toBe(403);
    expect((await h.call('GET', '/api/ledger/proof/consistency?from=1', { role: 'contributor' })).status).toBe(403);
    expect((await h.call('GET', '/api/ledger/proof/inclusion?entry=1', { role: 'scrutineer' })).status).toBe(200);
  });

  it('says so when the ledger has no signing key', async () => {
    const bare = await startHarness();
    try {
      expect(isProblem(await bare.call('GET', '/api/ledger/public-key'), 404)).toBe(true);
      const head = await bare.call('GET', '/api/ledger/tree-head');
      expect(isProblem(head, 404)).toBe(true);
      expect((head.body as { detail: string }).detail).toMatch(/no tree head has been signed yet/);
    } finally {
      await bare.stop();
    }
  });
});

describe('GET /api/ledger/proof/inclusion and /consistency', () => {
  const sizeAndLeaf = () =>
    fc.integer({ min: 1, max: events }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 })));

  it('verify for every entry and size, by entry number or position, and fail for a wrong leaf, size or root', async () => {
    await fc.assert(
      fc.asyncProperty(sizeAndLeaf(), fc.nat(), async ([n, leaf], other) => {
        const r = await h.call('GET', `/api/ledger/proof/inclusion?entry=${leaf + 1}&treeSize=${n}`);
        expect(r.status).toBe(200);
        const p = r.body as Inclusion;
        const root = await rootOf(n);
        expect(p).toMatchObject({ leafIndex: leaf, entry: leaf + 1, treeSize: n, rootHash: root });
        expect(p.leafHash).toBe(eventLeafHash(p.eventHash));
        expect(verifyInclusion({ ...p, rootHash: root }).ok).toBe(true);
        const byPosition = await h.call('GET', `/api/ledger/proof/inclusion?position=${p.position}&treeSize=${n}`);
        expect(byPosition.body).toEqual(p);
        // A wrong leaf, size or root does not verify.
        const wrongLeaf = eventLeafHash((p.eventHash.slice(0, 63) + (p.eventHash.endsWith('0') ? '1' : '0')) as string);
        expect(verifyInclusion({ ...p, leafHash: wrongLeaf, rootHash: root }).ok).toBe(false);
        const otherSize = 1 + ((n + (other % (events - 1))) % events);
        // Against another size's head (a signed head binds size and root together).
        if (otherSize !== n && leaf < otherSize)
          expect(verifyInclusion({ ...p, treeSize: otherSize, rootHash: await rootOf(otherSize) }).ok).toBe(false);
        if (n > 1) expect(verifyInclusion({ ...p, rootHash: await rootOf(n - 1) }).ok).toBe(false);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('prove consistency between any two sizes, and fail for a wrong root', async () => {
    const fromTo = fc
      .tuple(fc.integer({ min: 1, max: events }), fc.integer({ min: 1, max: events }))
      .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
    await fc.assert(
      fc.asyncProperty(fromTo, async ([from, to]) => {
        const r = await h.call('GET', `/api/ledger/proof/consistency?from=${from}&to=${to}`);
        expect(r.status).toBe(200);
        const p = r.body as Consistency;
        expect(p).toMatchObject({ from, to });
        const [fromRoot, toRoot] = [await rootOf(from), await rootOf(to)];
        expect(verifyConsistency({ ...p, fromRoot, toRoot }).ok).toBe(true);
        if (from < to) {
          expect(verifyConsistency({ ...p, fromRoot, toRoot: await rootOf(to - 1) }).ok).toBe(false);
          expect(verifyConsistency({ ...p, fromRoot: toRoot, toRoot }).ok).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('answers the current tree when no size is given', async () => {
    const r = await h.call('GET', '/api/ledger/proof/inclusion?entry=7');
    expect(r.body).toMatchObject({ leafIndex: 6, treeSize: events, rootHash: await rootOf(events) });
    const c = await h.call('GET', '/api/ledger/proof/consistency?from=100');
    expect(c.body).toMatchObject({ from: 100, to: events });
  });

  it('answers a bad or out-of-range number with a 400 or a 404 problem, never a 5xx, and writes nothing', async () => {
    const before = await h.count();
    const cases: [string, number][] = [
      ['/api/ledger/proof/inclusion', 400],
      ['/api/ledger/proof/inclusion?entry=1&position=1', 400],
      ['/api/ledger/proof/inclusion?entry=0', 400],
      ['/api/ledger/proof/inclusion?entry=-1', 400],
      ['/api/ledger/proof/inclusion?entry=1e3', 400],
      ['/api/ledger/proof/inclusion?entry=01', 400],
      ['/api/ledger/proof/inclusion?entry=99999999999999999999', 400],
      [`/api/ledger/proof/inclusion?entry=${events + 1}`, 404],
      [`/api/ledger/proof/inclusion?position=${events + 5}`, 404],
      ['/api/ledger/proof/inclusion?entry=10&treeSize=5', 400],
      [`/api/ledger/proof/inclusion?entry=1&treeSize=${events + 1}`, 404],
      ['/api/ledger/proof/inclusion?entry=1&treeSize=0', 400],
      ['/api/ledger/proof/inclusion?entry=1&surprise=1', 400],
      ['/api/ledger/proof/inclusion?entry=1&entry=2', 400],
      ['/api/ledger/proof/consistency', 400],
      ['/api/ledger/proof/consistency?from=0', 400],
      ['/api/ledger/proof/consistency?from=10&to=5', 400],
      [`/api/ledger/proof/consistency?from=1&to=${events + 1}`, 404],
      ['/api/ledger/tree-head?treeSize=abc', 400],
    ];
    for (const [path, status] of cases) {
      const r = await h.call('GET', path, { role: 'scrutineer' });
      expect(isProblem(r, status), `${path}: ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('entry', 'position', 'treeSize', 'from', 'to', 'x'), fc.string(), {
          maxKeys: 3,
        }),
        fc.constantFrom('inclusion', 'consistency'),
        async (query, which) => {
          const r = await h.call('GET', `/api/ledger/proof/${which}?${new URLSearchParams(query).toString()}`);
          expect(r.status, JSON.stringify(query)).toBeLessThan(500);
        },
      ),
      { numRuns: 80 },
    );
    expect(await h.count()).toBe(before);
  }, 120_000);
});
