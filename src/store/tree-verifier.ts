import type { KeyObject } from 'node:crypto';
import type { EventRecord } from '../events/envelope.js';
import { Frontier } from './merkle/frontier.js';
import { eventLeafHash } from './merkle/hash.js';
import type { LedgerTree } from './merkle/ledger-tree.js';
import { checkTreeHeadSignature } from './merkle/signing.js';
import type { SignedTreeHead, TreeHead } from './merkle/tree-head.js';
import { WitnessFileError } from './merkle/witness.js';
import type { EventStore } from './port.js';

/** An event by its place in ledger order and where the store keeps it. */
export interface EventRef {
  leafIndex: number;
  streamId: string;
  revision: number;
  position: string;
}

/**
 * The first thing that does not match the events, and the first event it concerns: the stored tree, a witnessed head
 * (kept outside the ledger), or a head the ledger itself holds (a TreeHeadSigned or a report's; `signature` when its
 * signature does not verify, `claim` when its root or digest does not match the events).
 */
export interface TreeBreak {
  check: 'stored-tree' | 'witness' | 'signature' | 'claim';
  reason: string;
  event?: EventRef;
}

/** Signed tree heads kept outside the ledger, with the public key that must have signed them. */
export interface Witness {
  source: string;
  heads: SignedTreeHead[];
  publicKey: KeyObject;
}

/** A tree head to hold the ledger to, and where it was found (a witness file's line, an event of the ledger). */
export interface LabelledHead {
  head: TreeHead | SignedTreeHead;
  where: string;
  /** The event that carries it, when the ledger itself holds it. */
  carrier?: EventRef;
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

export const isSigned = (h: TreeHead | SignedTreeHead): h is SignedTreeHead => 'signature' in h;

export const eventRef = (leafIndex: number, e: EventRecord): EventRef => ({
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
 * and with every tree head it is given. Signatures are checked first: from a witness file, a head the key did not
 * sign is the file's fault (WitnessFileError, naming its line) before any event is read; from the ledger, it is a
 * break naming the event that carries it. Without a public key, signatures are not checked (`unchecked` counts them).
 */
export class TreeVerifier {
  private readonly frontier = Frontier.empty();
  private readonly heads: LabelledHead[];
  private nextHead = 0;
  /** Signed heads whose signature could not be checked (no public key given). */
  readonly unchecked: number;
  private signatureBreak: TreeBreak | undefined;
  /** The largest witnessed size the ledger still matches, and the first event after it. */
  private matched = { size: 0, next: undefined as EventRef | undefined };
  private witnessBreak: TreeBreak | undefined;
  /** Recomputed subtrees at the stored levels, waiting to be compared: level → first index and hashes. */
  private readonly pending = new Map<number, { from: number; hashes: string[] }>();
  private storedMismatch: { level: number; index: number } | undefined;
  private storedEndsAt: number | undefined;

  constructor(
    private readonly tree: LedgerTree | undefined,
    heads: readonly LabelledHead[],
    private readonly options: { publicKey?: KeyObject; from: 'witness' | 'ledger'; witness?: TreeCheck['witness'] },
  ) {
    let unchecked = 0;
    for (const h of heads) {
      if (!isSigned(h.head)) continue;
      if (!options.publicKey) {
        unchecked += 1;
        continue;
      }
      const signed = checkTreeHeadSignature(h.head, options.publicKey);
      if (signed.ok) continue;
      if (options.from === 'witness') throw new WitnessFileError(`${h.where}: ${signed.reason}`);
      this.signatureBreak ??= {
        check: 'signature',
        reason: `${h.where}: ${signed.reason}`,
        ...(h.carrier ? { event: h.carrier } : {}),
      };
    }
    this.unchecked = unchecked;
    this.heads = [...heads].sort((a, b) => a.head.treeSize - b.head.treeSize);
    this.checkHeads(undefined);
  }

  /** How many events were fed. */
  get size(): number {
    return this.frontier.size;
  }

  /** The largest head's size: nothing beyond it needs reading when there is no stored tree to compare. */
  get largestHead(): number {
    return this.heads.at(-1)?.head.treeSize ?? 0;
  }

  async feed(page: readonly EventRecord[]): Promise<void> {
    for (const e of page) {
      const leafIndex = this.frontier.size;
      if (leafIndex === this.matched.size) this.matched.next = eventRef(leafIndex, e);
      this.frontier.append(eventLeafHash(e.hash), this.collect);
      this.checkHeads(eventRef(leafIndex, e));
    }
    await this.compareStored(COMPARE_BATCH);
  }

  async finish(store: EventStore): Promise<TreeCheck> {
    await this.compareStored(1);
    const treeSize = this.frontier.size;
    const base = { treeSize, rootHash: this.frontier.root() };
    const witness = this.options.witness;
    const broken = (await this.storedBreak(store)) ?? this.signatureBreak ?? this.witnessBreak ?? this.missingEvents();
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
      const { head, where } = this.heads[this.nextHead] as LabelledHead;
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
      const which = isSigned(head) ? `the tree head signed at ${head.signedAt}` : 'the tree head';
      this.witnessBreak = {
        check: this.options.from === 'witness' ? 'witness' : 'claim',
        reason:
          `the first ${head.treeSize} events no longer match ${which} ` +
          `(${where}): their root is ${root}, the ${isSigned(head) ? 'signed' : 'recorded'} root ${head.rootHash}; ` +
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
    const made = isSigned(beyond.head) ? `signed at ${beyond.head.signedAt}` : 'recorded';
    return {
      check: this.options.from === 'witness' ? 'witness' : 'claim',
      ...(beyond.carrier ? { event: beyond.carrier } : {}),
      reason: `the ledger has ${this.frontier.size} events, but a tree head of ${beyond.head.treeSize} events was ${made} (${beyond.where}): events ${this.frontier.size + 1}–${beyond.head.treeSize} were removed`,
    };
  }
}

/** The event at an ordinal: a rescan, needed only to name the event of a broken stored subtree. */
async function eventAt(store: EventStore, leafIndex: number): Promise<{ event: EventRef } | object> {
  let i = 0;
  for await (const page of store.readPages({ pageSize: 5000 })) {
    if (i + page.length > leafIndex) return { event: eventRef(leafIndex, page[leafIndex - i] as EventRecord) };
    i += page.length;
  }
  return {};
}
