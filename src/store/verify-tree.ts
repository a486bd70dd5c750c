import type { KeyObject } from 'node:crypto';
import type { StoredEvent } from '../events/envelope.js';
import { Frontier } from './merkle/frontier.js';
import { eventLeafHash } from './merkle/hash.js';
import type { LedgerTree } from './merkle/ledger-tree.js';
import { checkTreeHeadSignature, keyIdOf } from './merkle/signing.js';
import type { SignedTreeHead } from './merkle/tree-head.js';
import { WitnessFileError } from './merkle/witness.js';
import type { EventStore } from './port.js';
import { verifyLedger, type VerifyResult } from './verify.js';

/** An event by its place in ledger order and where the store keeps it. */
export interface EventRef {
  leafIndex: number;
  streamId: string;
  revision: number;
  position: string;
}

/** The first thing in the tree that does not match the events, and the first event it concerns. */
export interface TreeBreak {
  check: 'stored-tree' | 'witness';
  reason: string;
  event?: EventRef;
}

/** Signed tree heads kept outside the ledger, with the public key that must have signed them. */
export interface Witness {
  source: string;
  heads: SignedTreeHead[];
  publicKey: KeyObject;
}

export interface TreeCheck {
  ok: boolean;
  treeSize: number;
  rootHash: string;
  /** 'matches', 'none' (the store keeps no tree), or the events it covers when it lags behind them. */
  stored: 'matches' | 'none' | { coversOnly: number };
  witness?: { source: string; keyId: string; heads: number; largest: number };
  firstBroken?: TreeBreak;
}

const ref = (leafIndex: number, e: StoredEvent): EventRef => ({
  leafIndex,
  streamId: e.streamId,
  revision: e.revision,
  position: e.position,
});

const COMPARE_BATCH = 1024;
/** Trees of up to 2^53 leaves (safe integers): no subtree is higher. */
const MAX_LEVEL = 53;

/**
 * Recomputes the tree from the events, fed in ledger order, and compares it with the store's own stored subtrees
 * and with every witnessed signed tree head. Signatures are checked first: a head that the given key did not sign
 * is the witness file's fault, named by its line, before any event is read.
 */
class TreeVerifier {
  private readonly frontier = Frontier.empty();
  private readonly heads: { head: SignedTreeHead; line: number }[];
  private nextHead = 0;
  /** The largest witnessed size the ledger still matches, and the first event after it. */
  private matched = { size: 0, next: undefined as EventRef | undefined };
  private witnessBreak: TreeBreak | undefined;
  /** Recomputed subtrees at the stored levels, waiting to be compared: level → first index and hashes. */
  private readonly pending = new Map<number, { from: number; hashes: string[] }>();
  private storedMismatch: { level: number; index: number } | undefined;
  private storedEndsAt: number | undefined;

  constructor(
    private readonly tree: LedgerTree | undefined,
    private readonly witness?: Witness,
  ) {
    const heads = witness?.heads.map((head, i) => ({ head, line: i + 1 })) ?? [];
    for (const { head, line } of heads) {
      const signed = checkTreeHeadSignature(head, witness?.publicKey as KeyObject);
      if (!signed.ok) throw new WitnessFileError(`${witness?.source} line ${line}: ${signed.reason}`);
    }
    this.heads = heads.sort((a, b) => a.head.treeSize - b.head.treeSize);
    this.checkHeads(undefined);
  }

  async feed(page: readonly StoredEvent[]): Promise<void> {
    for (const e of page) {
      const leafIndex = this.frontier.size;
      if (leafIndex === this.matched.size) this.matched.next = ref(leafIndex, e);
      this.frontier.append(eventLeafHash(e.hash), this.collect);
      this.checkHeads(ref(leafIndex, e));
    }
    await this.compareStored(COMPARE_BATCH);
  }

  async finish(store: EventStore): Promise<TreeCheck> {
    await this.compareStored(1);
    const treeSize = this.frontier.size;
    const base = { treeSize, rootHash: this.frontier.root() };
    const witness = this.witness && {
      source: this.witness.source,
      keyId: keyIdOf(this.witness.publicKey),
      heads: this.heads.length,
      largest: this.heads.at(-1)?.head.treeSize ?? 0,
    };
    const broken = (await this.storedBreak(store)) ?? this.witnessBreak ?? this.missingEvents();
    const stored: TreeCheck['stored'] = !this.tree
      ? 'none'
      : this.storedEndsAt === undefined
        ? 'matches'
        : { coversOnly: this.storedEndsAt };
    return {
      ok: broken === undefined,
      ...base,
      stored,
      ...(witness ? { witness } : {}),
      ...(broken ? { firstBroken: broken } : {}),
    };
  }

  private readonly collect = (level: number, index: number, hash: string): void => {
    if (!this.tree || level < this.tree.lowestStoredLevel) return;
    const p = this.pending.get(level);
    if (p) p.hashes.push(hash);
    else this.pending.set(level, { from: index, hashes: [hash] });
  };

  /**
   * Compare every level holding at least `min` recomputed subtrees with the stored ones. Levels are compared in
   * batches, not in leaf order: of the mismatches, the one whose leaves end first is kept, the lower on a tie, so one
   * altered event is named by its 16-event block rather than by the blocks above it.
   */
  private async compareStored(min: number): Promise<void> {
    if (!this.tree) return;
    for (const [level, p] of this.pending) {
      if (p.hashes.length < min) continue;
      this.pending.delete(level);
      const stored = await this.tree.storedSubtrees(level, p.from, p.hashes.length);
      const k = p.hashes.findIndex((h, i) => stored[i] !== h);
      if (k < 0) continue;
      const start = (p.from + k) * 2 ** level;
      if (k === stored.length) {
        // The stored tree ends here: it lags behind the events (an older version appended, or it was never built).
        this.storedEndsAt = Math.min(this.storedEndsAt ?? start, start);
        continue;
      }
      const end = start + 2 ** level;
      const m = this.storedMismatch;
      const mEnd = m ? (m.index + 1) * 2 ** m.level : Infinity;
      if (end < mEnd || (end === mEnd && m && level < m.level)) this.storedMismatch = { level, index: p.from + k };
    }
  }

  private async storedBreak(store: EventStore): Promise<TreeBreak | undefined> {
    if (!this.tree) return undefined;
    const m = this.storedMismatch;
    if (m) {
      const width = 2 ** m.level;
      const first = m.index * width;
      return {
        check: 'stored-tree',
        reason: `the stored Merkle subtree ${m.level}/${m.index} (entries ${first + 1}–${first + width}) does not match the events' hashes: one of those events, or the stored tree, was altered`,
        ...(await eventAt(store, first)),
      };
    }
    if (this.storedEndsAt !== undefined) return undefined;
    // Nothing may be stored beyond the events: rows of removed events, or forged ones.
    for (let level = this.tree.lowestStoredLevel; level <= MAX_LEVEL; level += 1) {
      const expected = Math.floor(this.frontier.size / 2 ** level);
      if ((await this.tree.storedSubtrees(level, expected, 1)).length > 0)
        return {
          check: 'stored-tree',
          reason: `the stored Merkle tree holds subtree ${level}/${expected}, beyond the ${this.frontier.size} events: events were removed`,
        };
    }
    return undefined;
  }

  /** Compare the root with every head whose size the tree has just reached; keep the first mismatch. */
  private checkHeads(last: EventRef | undefined): void {
    while (this.nextHead < this.heads.length) {
      const { head, line } = this.heads[this.nextHead] as { head: SignedTreeHead; line: number };
      if (head.treeSize !== this.frontier.size) return;
      this.nextHead += 1;
      if (this.witnessBreak) continue;
      const root = this.frontier.root();
      if (root === head.rootHash) {
        this.matched = { size: head.treeSize, next: undefined };
        continue;
      }
      const from = this.matched.size + 1;
      const range =
        from === head.treeSize ? `entry ${from} was` : `an event among entries ${from}–${head.treeSize} was`;
      const lastOfThem =
        last && from < head.treeSize
          ? ` (the last of them: stream ${last.streamId} revision ${last.revision} position ${last.position})`
          : '';
      this.witnessBreak = {
        check: 'witness',
        reason:
          `the first ${head.treeSize} events no longer match the tree head signed at ${head.signedAt} ` +
          `(${this.witness?.source} line ${line}): their root is ${root}, the signed root ${head.rootHash}; ` +
          (this.matched.size > 0 ? `they still match the head of ${this.matched.size} events, so ` : '') +
          `${range} altered, removed or reordered${lastOfThem}`,
        ...(this.matched.next ? { event: this.matched.next } : {}),
      };
    }
  }

  /** Heads beyond the ledger's end: the ledger lost events that a witness saw. */
  private missingEvents(): TreeBreak | undefined {
    const beyond = this.heads.find((h) => h.head.treeSize > this.frontier.size);
    if (!beyond) return undefined;
    return {
      check: 'witness',
      reason: `the ledger has ${this.frontier.size} events, but a tree head of ${beyond.head.treeSize} events was signed at ${beyond.head.signedAt} (${this.witness?.source} line ${beyond.line}): events ${this.frontier.size + 1}–${beyond.head.treeSize} were removed`,
    };
  }
}

/** The event at an ordinal: a rescan, needed only to name the event of a broken stored subtree. */
async function eventAt(store: EventStore, leafIndex: number): Promise<{ event: EventRef } | object> {
  let i = 0;
  for await (const page of store.readPages({ pageSize: 5000 })) {
    if (i + page.length > leafIndex) return { event: ref(leafIndex, page[leafIndex - i] as StoredEvent) };
    i += page.length;
  }
  return {};
}

/**
 * `journey verify` with the tree: every chain and the digest (verifyLedger), and in the same pass the Merkle tree
 * recomputed from the events, compared with the store's stored tree and with every witnessed signed head.
 */
export async function verifyLedgerAndTree(
  store: EventStore,
  options: { witness?: Witness; onProgress?: (events: number) => void } = {},
): Promise<{ chain: VerifyResult; tree?: TreeCheck }> {
  // A tree kept in memory was built from the very events verify reads: only a kept file is compared with them.
  const tree = new TreeVerifier(store.tree?.kept === 'file' ? store.tree : undefined, options.witness);
  const chain = await verifyLedger(store, {
    onPage: (page) => tree.feed(page),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  if (!chain.ok) return { chain };
  return { chain, tree: await tree.finish(store) };
}
