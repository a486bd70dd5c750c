import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { merkleRoot } from '../../src/store/merkle/hash.js';
import { consistencyPath, inclusionPath, inclusionRanges } from '../../src/store/merkle/proofs.js';
import { verifyConsistency, verifyInclusion } from '../../src/store/merkle/verify-proofs.js';
import { ledgerLeaves, memoryTree } from './merkle-fixtures.js';

const SIZE = 3000;
const leaves = ledgerLeaves(SIZE);
const tree = memoryTree(leaves);
const root = (n: number) => tree.roots[n] as string;
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const runs = { numRuns: 300, seed: 20261129 };

/** A ledger size and a leaf in it. */
const position = fc.integer({ min: 1, max: SIZE }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 })));
/** Two ledger sizes, the first no larger than the second. */
const sizes = fc
  .tuple(fc.integer({ min: 1, max: SIZE }), fc.integer({ min: 1, max: SIZE }))
  .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
const otherSize = (n: number) => fc.integer({ min: 1, max: SIZE }).filter((x) => x !== n);

/** Which side of the path each sibling sits on, and how many: all an inclusion proof's arithmetic depends on. */
const shape = (m: number, n: number) => inclusionRanges(m, n).map(([begin]) => (begin < m ? 'L' : 'R'));

describe(`proofs over a generated ledger of ${SIZE} events`, () => {
  it('the incremental roots equal the definition of MTH at sampled sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SIZE }), (n) => root(n) === merkleRoot(leaves.slice(0, n))),
      { numRuns: 100, seed: 1 },
    );
  });

  it('every position has an inclusion proof that verifies in the whole tree, and the first and last of every size', () => {
    const check = (m: number, n: number) =>
      verifyInclusion({
        leafIndex: m,
        treeSize: n,
        leafHash: leaves[m] as string,
        auditPath: inclusionPath(tree, m, n),
        rootHash: root(n),
      }).ok;
    for (let m = 0; m < SIZE; m += 1) expect(check(m, SIZE), `leaf ${m}`).toBe(true);
    for (let n = 1; n <= SIZE; n += 1) expect(check(0, n) && check(n - 1, n), `size ${n}`).toBe(true);
  });

  it('every earlier size has a consistency proof that verifies against the whole tree', () => {
    for (let m = 1; m <= SIZE; m += 1) {
      const proof = consistencyPath(tree, m, SIZE);
      expect(
        verifyConsistency({ from: m, to: SIZE, fromRoot: root(m), toRoot: root(SIZE), proof }).ok,
        `from ${m}`,
      ).toBe(true);
    }
  });

  it('an inclusion proof verifies, and fails for a wrong leaf, index, root or path, or against another size’s head', () => {
    fc.assert(
      fc.property(position, hash, otherSize(0), fc.nat(), ([n, m], random, n2, pick) => {
        const auditPath = inclusionPath(tree, m, n);
        const proof = { leafIndex: m, treeSize: n, leafHash: leaves[m] as string, auditPath, rootHash: root(n) };
        const other = (pick % n === m ? m + 1 : pick % n) % n;
        expect(verifyInclusion(proof).ok).toBe(true);
        expect(verifyInclusion({ ...proof, leafHash: random }).ok).toBe(false);
        if (n > 1) {
          expect(verifyInclusion({ ...proof, leafHash: leaves[other] as string }).ok).toBe(false);
          expect(verifyInclusion({ ...proof, leafIndex: other }).ok).toBe(false);
        }
        expect(verifyInclusion({ ...proof, rootHash: random }).ok).toBe(false);
        if (n2 !== n) {
          expect(verifyInclusion({ ...proof, rootHash: root(n2) }).ok).toBe(false);
          if (m < n2) expect(verifyInclusion({ ...proof, treeSize: n2, rootHash: root(n2) }).ok).toBe(false);
          // A size alone (with this tree's root) changes nothing only where the path's arithmetic is the same:
          // the signed head binds size and root together.
          if (m < n2 && verifyInclusion({ ...proof, treeSize: n2 }).ok) expect(shape(m, n2)).toEqual(shape(m, n));
        }
        expect(verifyInclusion({ ...proof, auditPath: [...auditPath, random] }).ok).toBe(false);
        expect(verifyInclusion({ ...proof, auditPath: [random, ...auditPath] }).ok).toBe(false);
        if (auditPath.length > 0) {
          expect(verifyInclusion({ ...proof, auditPath: auditPath.slice(0, -1) }).ok).toBe(false);
          expect(verifyInclusion({ ...proof, auditPath: auditPath.slice(1) }).ok).toBe(false);
        }
      }),
      runs,
    );
  });

  it('a consistency proof verifies, and fails for a wrong root, a truncated or extended proof, or other sizes’ heads', () => {
    fc.assert(
      fc.property(sizes, hash, sizes, ([m, n], random, [m2, n2]) => {
        const proof = consistencyPath(tree, m, n);
        const claim = { from: m, to: n, fromRoot: root(m), toRoot: root(n), proof };
        expect(verifyConsistency(claim).ok).toBe(true);
        expect(verifyConsistency({ ...claim, fromRoot: random }).ok).toBe(false);
        expect(verifyConsistency({ ...claim, toRoot: random }).ok).toBe(false);
        if (m2 !== m) expect(verifyConsistency({ ...claim, from: m2, fromRoot: root(m2) }).ok).toBe(false);
        if (n2 !== n && n2 >= m) expect(verifyConsistency({ ...claim, to: n2, toRoot: root(n2) }).ok).toBe(false);
        expect(verifyConsistency({ ...claim, proof: [...proof, random] }).ok).toBe(false);
        if (proof.length > 0) {
          expect(verifyConsistency({ ...claim, proof: proof.slice(0, -1) }).ok).toBe(false);
          expect(verifyConsistency({ ...claim, proof: proof.slice(1) }).ok).toBe(false);
          expect(verifyConsistency({ ...claim, proof: [random, ...proof.slice(1)] }).ok).toBe(false);
        }
      }),
      runs,
    );
  });
});
