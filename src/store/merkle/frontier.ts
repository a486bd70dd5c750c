import { EMPTY_ROOT, nodeHash } from './hash.js';

/** A complete subtree: the 2^level leaves from index·2^level (RFC 9162 §2.1's perfect subtrees). */
export interface Subtree {
  level: number;
  index: number;
}

/**
 * The complete subtrees that make up the leaves [begin, end), largest first. `begin` must be a multiple of the
 * largest power of two not above end − begin (true of the whole tree and of every range a proof asks for), so
 * the range's MTH is these subtrees folded from the right.
 */
export function subtreesOf(begin: number, end: number): Subtree[] {
  const out: Subtree[] = [];
  let at = begin;
  let width = 1;
  while (width * 2 <= end - begin) width *= 2;
  for (; width >= 1; width /= 2) {
    if (at + width > end) continue;
    if (at % width !== 0) throw new RangeError(`leaves [${begin}, ${end}) are not aligned to complete subtrees`);
    out.push({ level: Math.log2(width), index: at / width });
    at += width;
  }
  return out;
}

/** MTH of a range from its complete subtrees' hashes, largest first: folded from the right, as RFC 9162 splits. */
export function foldSubtrees(hashes: readonly string[]): string {
  if (hashes.length === 0) return EMPTY_ROOT;
  let root = hashes[hashes.length - 1] as string;
  for (let i = hashes.length - 2; i >= 0; i -= 1) root = nodeHash(hashes[i] as string, root);
  return root;
}

/** Called for every subtree an append completes, the leaf itself (level 0) included. */
export type OnSubtree = (level: number, index: number, hash: string) => void;

/**
 * The right edge of the tree (a compact range from leaf 0): the hashes of the complete subtrees of
 * subtreesOf(0, size), largest first. Appending a leaf merges equal-sized subtrees, O(log n); the root is the fold.
 */
export class Frontier {
  private constructor(
    private sizeNow: number,
    private readonly hashes: string[],
  ) {}

  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** A frontier from the stored hashes of subtreesOf(0, size), in that order. */
  static of(size: number, hashes: readonly string[]): Frontier {
    const expected = subtreesOf(0, size).length;
    if (hashes.length !== expected) throw new RangeError(`a tree of ${size} leaves has ${expected} frontier subtrees`);
    return new Frontier(size, [...hashes]);
  }

  get size(): number {
    return this.sizeNow;
  }

  append(leaf: string, onSubtree?: OnSubtree): void {
    let hash = leaf;
    let index = this.sizeNow;
    let level = 0;
    onSubtree?.(0, index, hash);
    // Each trailing 1 bit of the old size is a subtree of the new leaf's width waiting for its right sibling.
    for (let s = this.sizeNow; s % 2 === 1; s = (s - 1) / 2) {
      hash = nodeHash(this.hashes.pop() as string, hash);
      level += 1;
      index = Math.floor(index / 2);
      onSubtree?.(level, index, hash);
    }
    this.hashes.push(hash);
    this.sizeNow += 1;
  }

  root(): string {
    return foldSubtrees(this.hashes);
  }

  clone(): Frontier {
    return new Frontier(this.sizeNow, [...this.hashes]);
  }
}
