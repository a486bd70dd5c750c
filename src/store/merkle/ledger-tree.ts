import type { LEAF_HASHING } from './hash.js';
import type { TreeHead } from './tree-head.js';

/**
 * RFC 9162 §2.1.3 inclusion proof of one event (DESIGN's `/api/ledger/proof/inclusion` answer). `leafIndex` is the
 * event's 0-based place in ledger order (its ordinal); `position` is where this store keeps it.
 */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  position: string;
  /** The event's own hash; leafHash is made from it as `leafHashing` says. */
  eventHash: string;
  leafHash: string;
  auditPath: string[];
  rootHash: string;
  leafHashing: typeof LEAF_HASHING;
}

/** RFC 9162 §2.1.4: the tree of `to` events extends the tree of `from` events. The roots come from signed heads. */
export interface ConsistencyProof {
  from: number;
  to: number;
  proof: string[];
}

/**
 * The Merkle tree a store keeps over every event's hash in ledger order: an optional capability of an EventStore
 * (`store.tree`), maintained inside the append transaction. Sizes are counts of events (a prefix of the ledger);
 * asking beyond the ledger is a TreeRangeError.
 */
export interface LedgerTree {
  /** The head of the first `treeSize` events; every event when omitted. */
  treeHead(treeSize?: number): Promise<TreeHead>;
  /** Inclusion of the event at `leafIndex` in the tree of `treeSize` events (default: every event). */
  inclusionProof(leafIndex: number, treeSize?: number): Promise<InclusionProof>;
  /** Consistency of the tree of `from` events with the tree of `to` events (default: every event). */
  consistencyProof(from: number, to?: number): Promise<ConsistencyProof>;
  /** The ordinal of the event stored at `position`, or null when no event is there. */
  leafIndexOf(position: string): Promise<number | null>;
  /**
   * Where the tree is kept: in the store's file, written with the events (SQLite), or in memory, built by reading
   * the ledger (EventStoreDB). `journey verify` compares a kept file with the events; a tree in memory was made from
   * the very events it would be compared with.
   */
  readonly kept: 'file' | 'memory';
  /** Complete subtrees at this level and above are stored; lower ones are recomputed from the events' hashes. */
  readonly lowestStoredLevel: number;
  /** Stored hashes at `level` for subtree indexes from `fromIndex`, at most `count`, fewer where the stored tree ends. */
  storedSubtrees(level: number, fromIndex: number, count: number): Promise<string[]>;
}

/** A tree size or leaf index outside the ledger: the caller's mistake, not the store's. */
export class TreeRangeError extends RangeError {
  override readonly name = 'TreeRangeError';
}
