import type Database from 'better-sqlite3';
import { eventLeafHash, LEAF_HASHING, merkleRoot } from './merkle/hash.js';
import { Frontier, subtreesOf } from './merkle/frontier.js';
import { consistencyPath, inclusionPath, treeRoot, type SubtreeSource } from './merkle/proofs.js';
import { TreeRangeError, type ConsistencyProof, type InclusionProof, type LedgerTree } from './merkle/ledger-tree.js';
import type { TreeHead } from './merkle/tree-head.js';

/**
 * The RFC 9162 tree over the SQLite ledger (docs/decisions.md, "Witnessed ledger"). Leaf i is the event at position
 * i + 1 (positions are dense). Complete subtrees of 2^4 = 16 leaves and more are stored, one row each, written in the
 * append's own transaction; the lower levels are recomputed from at most 16 events' hashes when a read needs them,
 * so an append stores one row per 8 events on average and any root or proof is O(log n) lookups.
 */
export const LOWEST_STORED_LEVEL = 4;
const STORED_WIDTH = 2 ** LOWEST_STORED_LEVEL;

const MERKLE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS merkle_subtrees (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
`;

const CATCH_UP_PAGE = 10_000;

/** A leaf, as the append path hands it over: the event's position and hash. */
interface Leaf {
  position: string;
  hash: string;
}

export class SqliteLedgerTree implements LedgerTree {
  readonly lowestStoredLevel = LOWEST_STORED_LEVEL;
  readonly kept = 'file' as const;
  /** The right edge of the tree as this connection last wrote or read it; null when it must be reloaded. */
  private frontier: Frontier | null = null;
  private readonly stmt;
  private readonly source: SubtreeSource;
  /** Blocks of 16 events' leaves, kept for the length of one read (null outside reads: the tail block grows). */
  private blocks: Map<number, string[]> | null = null;
  private readonly store = (level: number, index: number, hash: string): void => {
    if (level < LOWEST_STORED_LEVEL) return;
    try {
      this.stmt.insert.run(level, index, Buffer.from(hash, 'hex'));
    } catch (e) {
      if (String((e as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT'))
        throw new Error(
          `the stored Merkle tree already holds subtree ${level}/${index}, beyond the events: rows were removed from the ledger; run journey verify`,
        );
      throw e;
    }
  };

  constructor(private readonly db: Database.Database) {
    db.exec(MERKLE_SCHEMA_SQL);
    this.stmt = {
      insert: db.prepare<[number, number, Buffer]>('INSERT INTO merkle_subtrees (level, idx, hash) VALUES (?, ?, ?)'),
      subtree: db
        .prepare<[number, number], Buffer>('SELECT hash FROM merkle_subtrees WHERE level = ? AND idx = ?')
        .pluck(),
      subtrees: db
        .prepare<[number, number, number], Buffer>(
          'SELECT hash FROM merkle_subtrees WHERE level = ? AND idx >= ? ORDER BY idx LIMIT ?',
        )
        .pluck(),
      lastStored: db.prepare<[number], number | null>('SELECT max(idx) FROM merkle_subtrees WHERE level = ?').pluck(),
      hashes: db
        .prepare<[number, number], string>(
          'SELECT hash FROM events WHERE position > ? AND position <= ? ORDER BY position',
        )
        .pluck(),
      leaves: db
        .prepare<[number, number], [number, string]>(
          'SELECT position, hash FROM events WHERE position > ? ORDER BY position LIMIT ?',
        )
        .raw(true),
      size: db.prepare<[], number | null>('SELECT max(position) FROM events').pluck(),
      exists: db.prepare<[number], number>('SELECT 1 FROM events WHERE position = ?').pluck(),
    };
    this.source = {
      subtree: (level, index) =>
        level < LOWEST_STORED_LEVEL ? this.recomputed(level, index) : this.stored(level, index),
    };
  }

  /**
   * Inside the append transaction, after the events were inserted: their leaves join the tree and every subtree
   * they complete is stored. Free in the steady state (no read): the first position tells whether another
   * connection appended since this one last did, and only then is the edge reloaded.
   */
  appended(events: readonly Leaf[]): void {
    const first = events[0];
    if (!first) return;
    try {
      const frontier = this.frontierAt(Number(first.position) - 1);
      for (const e of events) frontier.append(eventLeafHash(e.hash), this.store);
      this.frontier = frontier;
    } catch (e) {
      this.frontier = null;
      throw e;
    }
  }

  /** After a transaction that may have moved the frontier failed: the next use reloads it from the file. */
  invalidate(): void {
    this.frontier = null;
  }

  /**
   * Store every subtree the events complete that is not stored yet: an existing ledger the first time it is written
   * or its tree read, a restore, or events an older version appended. Inside the caller's transaction, or its own.
   */
  catchUp(): void {
    const size = this.eventCount();
    if (this.covers(size)) return;
    const work = () => {
      this.frontier = this.frontierAt(this.eventCount());
    };
    if (this.db.inTransaction) work();
    else this.db.transaction(work).immediate();
  }

  async treeHead(treeSize?: number): Promise<TreeHead> {
    const size = this.sizeFor(treeSize);
    return { treeSize: size, rootHash: this.read(() => this.rootAt(size)) };
  }

  async inclusionProof(leafIndex: number, treeSize?: number): Promise<InclusionProof> {
    const size = this.sizeFor(treeSize);
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= size)
      throw new TreeRangeError(`leaf ${leafIndex} is not in the tree of ${size} events`);
    return this.read(() => {
      const eventHash = this.eventHashes(leafIndex, leafIndex + 1)[0] as string;
      return {
        leafIndex,
        treeSize: size,
        position: String(leafIndex + 1),
        eventHash,
        leafHash: eventLeafHash(eventHash),
        auditPath: inclusionPath(this.source, leafIndex, size),
        rootHash: this.rootAt(size),
        leafHashing: LEAF_HASHING,
      };
    });
  }

  async consistencyProof(from: number, to?: number): Promise<ConsistencyProof> {
    const size = this.sizeFor(to);
    if (!Number.isSafeInteger(from) || from < 1 || from > size)
      throw new TreeRangeError(`a consistency proof goes from 1 to ${size} events, not from ${from}`);
    return { from, to: size, proof: this.read(() => consistencyPath(this.source, from, size)) };
  }

  async leafIndexOf(position: string): Promise<number | null> {
    if (!/^[1-9]\d{0,15}$/.test(position)) return null;
    return this.stmt.exists.get(Number(position)) === undefined ? null : Number(position) - 1;
  }

  async storedSubtrees(level: number, fromIndex: number, count: number): Promise<string[]> {
    return this.stmt.subtrees.all(level, fromIndex, count).map((b) => b.toString('hex'));
  }

  /**
   * Reads of one answer in one read transaction: a consistent snapshot, and each lookup costs about a microsecond
   * instead of the several that taking and releasing the file's read lock per statement costs.
   */
  private read<T>(work: () => T): T {
    this.blocks = new Map();
    try {
      return this.db.inTransaction ? work() : this.db.transaction(work).deferred();
    } finally {
      this.blocks = null;
    }
  }

  private rootAt(size: number): string {
    return this.frontier?.size === size ? this.frontier.root() : treeRoot(this.source, size);
  }

  /** A requested size, checked against the ledger; the stored tree is brought up to it first if it lags. */
  private sizeFor(treeSize: number | undefined): number {
    const events = this.eventCount();
    const size = treeSize ?? events;
    if (!Number.isSafeInteger(size) || size < 0 || size > events)
      throw new TreeRangeError(`the ledger has ${events} events; there is no tree of ${String(treeSize)}`);
    if (!this.covers(size)) this.catchUp();
    return size;
  }

  private eventCount(): number {
    return this.stmt.size.get() ?? 0;
  }

  /** Are all subtrees of 16 leaves or more within the first `size` events stored? One index seek. */
  private covers(size: number): boolean {
    return (this.stmt.lastStored.get(LOWEST_STORED_LEVEL) ?? -1) + 1 >= Math.floor(size / STORED_WIDTH);
  }

  /**
   * The frontier of the first `size` events: this connection's own when it is there already; otherwise loaded
   * from the stored subtrees, after storing those the file lacks (inside the caller's write transaction).
   */
  private frontierAt(size: number): Frontier {
    if (this.frontier?.size === size) return this.frontier;
    const stored = (this.stmt.lastStored.get(LOWEST_STORED_LEVEL) ?? -1) + 1;
    if (stored >= Math.floor(size / STORED_WIDTH)) return this.load(size);
    // The stored tree ends at `stored` whole blocks: grow it from there with the events' own hashes.
    const frontier = this.load(stored * STORED_WIDTH);
    let after = frontier.size;
    while (after < size) {
      const rows = this.stmt.leaves.all(after, Math.min(CATCH_UP_PAGE, size - after));
      for (const [position, hash] of rows) {
        if (position !== after + 1) throw notDense(after + 1, position);
        frontier.append(eventLeafHash(hash), this.store);
        after = position;
      }
      if (rows.length === 0) throw notDense(after + 1, null);
    }
    return frontier;
  }

  private load(size: number): Frontier {
    return Frontier.of(
      size,
      subtreesOf(0, size).map((s) => this.source.subtree(s.level, s.index)),
    );
  }

  private stored(level: number, index: number): string {
    const hash = this.stmt.subtree.get(level, index);
    if (!hash) throw new Error(`the stored Merkle tree lacks subtree ${level}/${index}: run journey verify`);
    return hash.toString('hex');
  }

  /**
   * A subtree below the stored levels, from its events' leaves. It lies inside one block of 16 events; during a read
   * each block is read once, since a proof's or a root's low subtrees all lie in the same block.
   */
  private recomputed(level: number, index: number): string {
    const width = 2 ** level;
    const begin = index * width;
    const block = Math.floor(begin / STORED_WIDTH);
    let leaves = this.blocks?.get(block);
    if (!leaves) {
      leaves = this.blockLeaves(block);
      this.blocks?.set(block, leaves);
    }
    const offset = begin - block * STORED_WIDTH;
    const wanted = leaves.slice(offset, offset + width);
    if (wanted.length !== width) throw notDense(begin + wanted.length + 1, null);
    return merkleRoot(wanted);
  }

  /** The leaves of the events of one block, as far as they go without a gap. */
  private blockLeaves(block: number): string[] {
    const first = block * STORED_WIDTH;
    const leaves: string[] = [];
    for (const [position, hash] of this.stmt.leaves.all(first, STORED_WIDTH)) {
      if (position !== first + leaves.length + 1) break;
      leaves.push(eventLeafHash(hash));
    }
    return leaves;
  }

  /** The hashes of the events at leaves [begin, end), which must all be there. */
  private eventHashes(begin: number, end: number): string[] {
    const hashes = this.stmt.hashes.all(begin, end);
    if (hashes.length !== end - begin) throw notDense(begin + 1, null);
    return hashes;
  }
}

const notDense = (expected: number, found: number | null): Error =>
  new Error(
    `the ledger has no event at position ${expected}${found === null ? '' : ` (the next is ${found})`}: positions are not dense, rows were removed; run journey verify`,
  );
