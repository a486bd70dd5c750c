import type { EventRecord } from '../../events/envelope.js';
import type { LedgerTree } from '../merkle/ledger-tree.js';
import { MemoryLedgerTree } from '../merkle/memory-tree.js';

/** Reads the ledger's events of $all in order, after a position (from the start when undefined). */
export type LedgerReader = (after: string | undefined) => AsyncIterable<EventRecord[]>;

/**
 * The ledger's order on EventStoreDB, where a position is a byte offset in the server's log: the ordered index of the
 * ledger's own positions, and the Merkle tree over them (MemoryLedgerTree), built by reading $all once, on first use,
 * and caught up by reading $all after the last position it holds whenever an event beyond it is to be placed (an
 * append of this process or of another, a live event, a read). Catch-ups run one at a time, so the index only ever
 * grows in $all's order. See docs/decisions.md, "Ordinals and entry numbers".
 */
export class LedgerOrder {
  readonly tree = new MemoryLedgerTree();
  private catching: Promise<void> | null = null;

  constructor(private readonly read: LedgerReader) {}

  /** The events with their ordinals; every one of them must be in $all by now (it was read or appended). */
  async place<T extends EventRecord>(records: readonly T[]): Promise<(T & { ordinal: number })[]> {
    let last: bigint | null = null;
    for (const r of records) if (last === null || BigInt(r.position) > last) last = BigInt(r.position);
    if (last !== null) await this.reach(last);
    return records.map((r) => {
      const ordinal = this.tree.ordinalOf(r.position);
      if (ordinal === null)
        throw new Error(
          `event ${r.streamId}@${r.revision} at position ${r.position} is not among the ledger's events of $all: it cannot be given its place in ledger order`,
        );
      return { ...r, ordinal };
    });
  }

  /**
   * A page of a read of $all that saw every ledger event after `after` (undefined: from the start), in order: when the
   * index ends exactly where the read was, the page extends it as it is (no second read of $all); otherwise the events
   * are placed as any others. A first read of the whole ledger thus builds the index on its way.
   */
  async follow<T extends EventRecord>(
    after: string | undefined,
    page: readonly T[],
  ): Promise<(T & { ordinal: number })[]> {
    const last = this.tree.lastPosition;
    const continues = after === undefined ? last === null : last !== null && last === BigInt(after);
    if (continues && !this.catching) for (const e of page) this.tree.append(e.position, e.hash);
    return this.place(page);
  }

  /** The index brought up to the end of $all as it is now (a tree head or proof asks for every event). */
  async upToDate(): Promise<MemoryLedgerTree> {
    if (this.catching) await this.catching;
    await this.catchUp();
    return this.tree;
  }

  /** Until the index holds `position`: wait for a catch-up under way, then catch up once more if still short. */
  private async reach(position: bigint): Promise<void> {
    const holds = () => {
      const last = this.tree.lastPosition;
      return last !== null && last >= position;
    };
    if (holds()) return;
    if (this.catching) await this.catching;
    if (holds()) return;
    await this.catchUp();
    if (!holds())
      throw new Error(`position ${position} is beyond the ledger's events of $all (${this.tree.size} read)`);
  }

  private catchUp(): Promise<void> {
    this.catching ??= (async () => {
      const last = this.tree.lastPosition;
      for await (const page of this.read(last === null ? undefined : last.toString(10)))
        for (const e of page) if (this.tree.ordinalOf(e.position) === null) this.tree.append(e.position, e.hash);
    })().finally(() => {
      this.catching = null;
    });
    return this.catching;
  }
}

/**
 * The store's `tree`: the in-memory tree, brought up to the end of $all before each answer, so a head or a proof
 * covers every event the server holds, whoever appended it.
 */
export function orderedTree(order: LedgerOrder): LedgerTree {
  const current = () => order.upToDate();
  return {
    kept: 'memory',
    lowestStoredLevel: order.tree.lowestStoredLevel,
    treeHead: async (treeSize) => (await current()).treeHead(treeSize),
    inclusionProof: async (leafIndex, treeSize) => (await current()).inclusionProof(leafIndex, treeSize),
    consistencyProof: async (from, to) => (await current()).consistencyProof(from, to),
    leafIndexOf: async (position) => (await current()).leafIndexOf(position),
    storedSubtrees: async (level, fromIndex, count) => (await current()).storedSubtrees(level, fromIndex, count),
  };
}
