import { sha256Hex } from '../../src/events/canonical.js';
import { eventLeafHash } from '../../src/store/merkle/hash.js';
import { Frontier } from '../../src/store/merkle/frontier.js';
import type { SubtreeSource } from '../../src/store/merkle/proofs.js';

/** The event hashes of the known-answer tests: event i's hash is SHA-256 of the text "event i". */
export const eventHashes = (n: number): string[] => Array.from({ length: n }, (_, i) => sha256Hex(`event ${i}`));

/** A whole tree in memory: every complete subtree, as the frontier completes it, and the root at every size. */
export function memoryTree(leafHashes: readonly string[]): SubtreeSource & { roots: string[] } {
  const subtrees = new Map<string, string>();
  const frontier = Frontier.empty();
  const roots = [frontier.root()];
  for (const leaf of leafHashes) {
    frontier.append(leaf, (level, index, hash) => subtrees.set(`${level}/${index}`, hash));
    roots.push(frontier.root());
  }
  return {
    roots,
    subtree(level, index) {
      const hash = subtrees.get(`${level}/${index}`);
      if (hash === undefined) throw new Error(`no subtree ${level}/${index}`);
      return hash;
    },
  };
}

export const ledgerLeaves = (n: number): string[] => eventHashes(n).map(eventLeafHash);
