import { eventLeafHash, LEAF_HASHING, merkleRoot } from './hash.js';
import { Frontier } from './frontier.js';
import { consistencyPath, inclusionPath, treeRoot, type SubtreeSource } from './proofs.js';
import { TreeRangeError, type ConsistencyProof, type InclusionProof, type LedgerTree } from './ledger-tree.js';
import type { TreeHead } from './tree-head.js';

/** Complete subtrees of 2^4 leaves and more are kept; lower ones are recomputed from at most 16 event hashes. */
const LOWEST_KEPT_LEVEL = 4;
const HASH_BYTES = 32;

/** A growable array of 32-byte hashes in one buffer (a million hashes are one 32 MB allocation, not a million strings). */
class HashArray {
  private bytes = Buffer.alloc(HASH_BYTES * 1024);
  length = 0;

  push(hex: string): void {
    if ((this.length + 1) * HASH_BYTES > this.bytes.length) {
      const bigger = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(bigger);
      this.bytes = bigger;
    }
    this.bytes.write(hex, this.length * HASH_BYTES, 'hex');
    this.length += 1;
  }

  at(i: number): string {
    return this.bytes.toString('hex', i * HASH_BYTES, (i + 1) * HASH_BYTES);
  }
}

/**
 * The ledger's order and its RFC 9162 tree, kept in memory by a store whose positions are not dense (EventStoreDB:
 * byte offsets in its log). It is the ordered index of the ledger's own positions (ordinal ↔ position, by binary
 * search) and the Merkle tree over the events' hashes in that order, built by reading the ledger once and grown as
 * events are appended (docs/decisions.md, "Ordinals and entry numbers" and "The EventStoreDB tree"). About 40 bytes
 * an event: the position, the event's hash, and one kept subtree per 8 events.
 */
export class MemoryLedgerTree implements LedgerTree {
  readonly lowestStoredLevel = LOWEST_KEPT_LEVEL;
  readonly kept = 'memory' as const;
  private positions = new BigUint64Array(1024);
  private readonly hashes = new HashArray();
  /** Kept subtrees, by level from LOWEST_KEPT_LEVEL. */
  private readonly levels: HashArray[] = [];
  private readonly frontier = Frontier.empty();
  private readonly source: SubtreeSource = {
    subtree: (level, index) =>
      level < LOWEST_KEPT_LEVEL ? this.recomputed(level, index) : this.keptSubtree(level, index),
  };

  /** How many events the tree holds (the ledger's size as far as it was read). */
  get size(): number {
    return this.hashes.length;
  }

  /** The position of the last event held, or null when none is. */
  get lastPosition(): bigint | null {
    return this.size === 0 ? null : (this.positions[this.size - 1] as bigint);
  }

  /** The next event in ledger order: its position must come after the last one's. Returns its ordinal. */
  append(position: string, eventHash: string): number {
    const p = BigInt(position);
    const last = this.lastPosition;
    if (last !== null && p <= last)
      throw new RangeError(`position ${position} does not come after ${last}: the ledger's order is broken`);
    const ordinal = this.size;
    if (ordinal === this.positions.length) {
      const bigger = new BigUint64Array(this.positions.length * 2);
      bigger.set(this.positions);
      this.positions = bigger;
    }
    this.positions[ordinal] = p;
    this.frontier.append(eventLeafHash(eventHash), (level, index, hash) => {
      if (level < LOWEST_KEPT_LEVEL) return;
      const kept = (this.levels[level - LOWEST_KEPT_LEVEL] ??= new HashArray());
      if (kept.length !== index) throw new RangeError(`subtree ${level}/${index} is out of order`);
      kept.push(hash);
    });
    this.hashes.push(eventHash);
    return ordinal;
  }

  /** The ordinal of the event at `position`: a binary search of the ordered positions. */
  ordinalOf(position: string): number | null {
    if (!/^\d{1,20}$/.test(position)) return null;
    const p = BigInt(position);
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.positions[mid] as bigint;
      if (at === p) return mid;
      if (at < p) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** The position of the event at `ordinal` (which must be held). */
  positionAt(ordinal: number): string {
    return (this.positions[ordinal] as bigint).toString(10);
  }

  async treeHead(treeSize?: number): Promise<TreeHead> {
    const size = this.sizeFor(treeSize);
    return { treeSize: size, rootHash: size === this.size ? this.frontier.root() : treeRoot(this.source, size) };
  }

  async inclusionProof(leafIndex: number, treeSize?: number): Promise<InclusionProof> {
    const size = this.sizeFor(treeSize);
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= size)
      throw new TreeRangeError(`leaf ${leafIndex} is not in the tree of ${size} events`);
    const eventHash = this.hashes.at(leafIndex);
    return {
      leafIndex,
      treeSize: size,
      position: this.positionAt(leafIndex),
      eventHash,
      leafHash: eventLeafHash(eventHash),
      auditPath: inclusionPath(this.source, leafIndex, size),
      rootHash: (await this.treeHead(size)).rootHash,
      leafHashing: LEAF_HASHING,
    };
  }

  async consistencyProof(from: number, to?: number): Promise<ConsistencyProof> {
    const size = this.sizeFor(to);
    if (!Number.isSafeInteger(from) || from < 1 || from > size)
      throw new TreeRangeError(`a consistency proof goes from 1 to ${size} events, not from ${from}`);
    return { from, to: size, proof: consistencyPath(this.source, from, size) };
  }

  async leafIndexOf(position: string): Promise<number | null> {
    return this.ordinalOf(position);
  }

  async storedSubtrees(level: number, fromIndex: number, count: number): Promise<string[]> {
    const kept = this.levels[level - LOWEST_KEPT_LEVEL];
    const out: string[] = [];
    for (let i = fromIndex; kept && i < kept.length && out.length < count; i += 1) out.push(kept.at(i));
    return out;
  }

  private sizeFor(treeSize: number | undefined): number {
    const size = treeSize ?? this.size;
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size)
      throw new TreeRangeError(`the ledger has ${this.size} events; there is no tree of ${String(treeSize)}`);
    return size;
  }

  private keptSubtree(level: number, index: number): string {
    return (this.levels[level - LOWEST_KEPT_LEVEL] as HashArray).at(index);
  }

  private recomputed(level: number, index: number): string {
    const width = 2 ** level;
    const leaves: string[] = [];
    for (let i = index * width; i < (index + 1) * width; i += 1) leaves.push(eventLeafHash(this.hashes.at(i)));
    return merkleRoot(leaves);
  }
}
