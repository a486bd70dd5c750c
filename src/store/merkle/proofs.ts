import { EMPTY_ROOT, largestPowerOfTwoBelow } from './hash.js';
import { foldSubtrees, subtreesOf } from './frontier.js';

/** Where a store finds the hash of a complete subtree (stored, or recomputed from the events below it). */
export interface SubtreeSource {
  subtree(level: number, index: number): string;
}

/** Leaves [begin, end) whose MTH is one element of a proof. */
export type LeafRange = readonly [begin: number, end: number];

const checkSize = (name: string, n: number): void => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0, not ${n}`);
};

/**
 * RFC 9162 §2.1.3.1 PATH(m, D[n]) as the ranges whose MTHs it lists, leaf upwards. A store with an async or
 * batched source can fetch subtreesOf(...) of every range itself; inclusionPath does it through a SubtreeSource.
 */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  checkSize('leafIndex', leafIndex);
  checkSize('treeSize', treeSize);
  if (leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of ${treeSize} leaves`);
  const ranges: LeafRange[] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (leafIndex < lo + k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
    }
  }
  return ranges.reverse();
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as ranges, leaf upwards; empty when m = n. */
export function consistencyRanges(from: number, to: number): LeafRange[] {
  checkSize('from', from);
  checkSize('to', to);
  if (from === 0 || from > to)
    throw new RangeError(
      `a consistency proof goes from a non-empty tree to one at least as large, not ${from} → ${to}`,
    );
  const ranges: LeafRange[] = [];
  let lo = 0;
  let hi = to;
  let m = from;
  let whole = true;
  for (;;) {
    if (m === hi - lo) {
      if (!whole) ranges.push([lo, hi]);
      break;
    }
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m <= k) {
      ranges.push([lo + k, hi]);
      hi = lo + k;
    } else {
      ranges.push([lo, lo + k]);
      lo += k;
      m -= k;
      whole = false;
    }
  }
  return ranges.reverse();
}

/** MTH(D[begin:end]) from complete subtrees: O(log n) lookups. */
const rangeHash = (source: SubtreeSource, [begin, end]: LeafRange): string =>
  end === begin ? EMPTY_ROOT : foldSubtrees(subtreesOf(begin, end).map((s) => source.subtree(s.level, s.index)));

export const treeRoot = (source: SubtreeSource, treeSize: number): string => rangeHash(source, [0, treeSize]);

export const inclusionPath = (source: SubtreeSource, leafIndex: number, treeSize: number): string[] =>
  inclusionRanges(leafIndex, treeSize).map((r) => rangeHash(source, r));

export const consistencyPath = (source: SubtreeSource, from: number, to: number): string[] =>
  consistencyRanges(from, to).map((r) => rangeHash(source, r));
