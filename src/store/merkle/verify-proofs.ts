import { isHexHash, nodeHash } from './hash.js';

/** A proof's verdict: why it fails, in words a clerk can act on. */
export type ProofCheck = { ok: true } | { ok: false; reason: string };

const OK: ProofCheck = { ok: true };
const fail = (reason: string): ProofCheck => ({ ok: false, reason });
const isSize = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
const half = (n: number): number => Math.floor(n / 2);
const odd = (n: number): boolean => n % 2 === 1;

function badHash(named: Record<string, unknown>, path: readonly unknown[]): string | null {
  for (const [name, h] of Object.entries(named)) if (!isHexHash(h)) return `${name} is not 64 lowercase hex digits`;
  const i = path.findIndex((h) => !isHexHash(h));
  return i >= 0 ? `path element ${i} is not 64 lowercase hex digits` : null;
}

/** RFC 9162 §2.1.3.2: does `auditPath` lead from `leafHash` at `leafIndex` to `rootHash` of a tree of `treeSize`? */
export function verifyInclusion(p: {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  auditPath: readonly string[];
  rootHash: string;
}): ProofCheck {
  if (!isSize(p.leafIndex) || !isSize(p.treeSize)) return fail('leafIndex and treeSize must be whole numbers ≥ 0');
  if (!Array.isArray(p.auditPath)) return fail('auditPath must be a list of hashes');
  const bad = badHash({ leafHash: p.leafHash, rootHash: p.rootHash }, p.auditPath);
  if (bad) return fail(bad);
  if (p.leafIndex >= p.treeSize) return fail(`leaf ${p.leafIndex} is not in a tree of ${p.treeSize} leaves`);
  let fn = p.leafIndex;
  let sn = p.treeSize - 1;
  let r = p.leafHash;
  for (const h of p.auditPath) {
    if (sn === 0) return fail(`the path is longer than a tree of ${p.treeSize} leaves is deep`);
    if (odd(fn) || fn === sn) {
      r = nodeHash(h, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, h);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return fail(`the path is shorter than a tree of ${p.treeSize} leaves is deep`);
  if (r !== p.rootHash) return fail(`the path leads to root ${r}, not to ${p.rootHash}`);
  return OK;
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of `to` leaves (`toRoot`) extends the one of `from` (`fromRoot`)? */
export function verifyConsistency(p: {
  from: number;
  to: number;
  fromRoot: string;
  toRoot: string;
  proof: readonly string[];
}): ProofCheck {
  if (!isSize(p.from) || !isSize(p.to)) return fail('from and to must be whole numbers ≥ 0');
  if (!Array.isArray(p.proof)) return fail('proof must be a list of hashes');
  const bad = badHash({ fromRoot: p.fromRoot, toRoot: p.toRoot }, p.proof);
  if (bad) return fail(bad);
  if (p.from > p.to) return fail(`a tree of ${p.to} leaves cannot extend one of ${p.from}: the ledger shrank`);
  if (p.from === 0) return fail('a consistency proof from the empty tree proves nothing');
  if (p.from === p.to) {
    if (p.proof.length > 0) return fail('trees of the same size need an empty proof');
    return p.fromRoot === p.toRoot ? OK : fail(`two different roots for the same ${p.to} leaves`);
  }
  if (p.proof.length === 0) return fail('the proof is empty');
  // A first tree that is a complete subtree is its own first node (RFC 9162 §2.1.4.2 step 2).
  const path = Number.isInteger(Math.log2(p.from)) ? [p.fromRoot, ...p.proof] : [...p.proof];
  let fn = p.from - 1;
  let sn = p.to - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as string;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return fail(`the proof is longer than a tree of ${p.to} leaves needs`);
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return fail(`the proof is shorter than a tree of ${p.to} leaves needs`);
  if (fr !== p.fromRoot) return fail(`the proof leads to ${fr} for the first ${p.from} leaves, not to ${p.fromRoot}`);
  if (sr !== p.toRoot) return fail(`the proof leads to ${sr} for the first ${p.to} leaves, not to ${p.toRoot}`);
  return OK;
}
