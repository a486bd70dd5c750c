import type { KeyObject } from 'node:crypto';
import { sha256Hex } from '../events/canonical.js';
import type { EventData } from '../events/catalogue.js';
import { eventHash, GENESIS_HASH, type EventRecord, type StoredEvent } from '../events/envelope.js';
import type { EventStore } from './port.js';
import { eventRef, isSigned, TreeVerifier, type EventRef, type LabelledHead } from './tree-verifier.js';

export interface BrokenEvent {
  streamId: string;
  revision: number;
  position: string;
  reason: string;
  /** 'held-heads': every chain is intact, but a tree head or digest the ledger holds does not match the events. */
  check?: 'chain' | 'held-heads';
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  streams: number;
  /** Ledger digest at `position` (docs/architecture.md, "The envelope and the two times"). */
  digest: string;
  position: string;
  firstBroken?: BrokenEvent;
  /** The tree heads the ledger holds (TreeHeadSigned events and published reports'), all checked against the events. */
  heads: HeldHeads;
}

/** What verify says of the heads the ledger holds. */
export interface HeldHeads {
  /** Every head found: signed ones, and reports' unsigned ones. */
  total: number;
  signed: number;
  /** Signed heads whose signature was not checked: no public key was given. */
  unchecked: number;
}

/** A tree head the ledger holds, and the digest a report recorded beside it. */
export interface LedgerClaim extends LabelledHead {
  carrier: EventRef;
  digest?: string;
}

export interface Head {
  revision: number;
  hash: string;
}

/** sha-256 over the sorted lines `streamId:revision:hash` of every stream head, joined by '\n'. */
export function ledgerDigest(heads: Map<string, Head>): string {
  const lines = [...heads].map(([s, h]) => `${s}:${h.revision}:${h.hash}`).sort();
  return sha256Hex(lines.join('\n'));
}

/**
 * Pure chain checker, fed events in position order. Separate from the store so that verify, import (which checks
 * a file before writing) and migrate share one definition of "intact".
 */
export class ChainVerifier {
  readonly heads = new Map<string, Head>();
  events = 0;
  position = '0';
  firstBroken: BrokenEvent | undefined;
  private lastPosition = -1n;
  /** Tree heads and digests the ledger's own events hold, checked by verifyLedger in a second pass. */
  readonly claims: LedgerClaim[] = [];

  constructor(private readonly densePositions = false) {}

  /** Returns false once the ledger is known to be broken (the first break is kept). Events come in ledger order. */
  check(e: EventRecord): boolean {
    if (this.firstBroken) return false;
    const broken = (reason: string) => {
      this.firstBroken = { streamId: e.streamId, revision: e.revision, position: e.position, reason };
      return false;
    };
    const pos = BigInt(e.position);
    if (pos <= this.lastPosition) return broken(`position ${e.position} is not after ${this.lastPosition}`);
    if (this.densePositions && this.lastPosition >= 0n && pos !== this.lastPosition + 1n) {
      return broken(`positions jump from ${this.lastPosition} to ${e.position}: an event was removed`);
    }
    if (this.densePositions && this.lastPosition < 0n && pos !== 1n)
      return broken(`the ledger starts at position ${e.position}, not 1: an event was removed`);
    const head = this.heads.get(e.streamId) ?? { revision: -1, hash: GENESIS_HASH };
    if (e.revision !== head.revision + 1)
      return broken(`revision ${e.revision} follows ${head.revision}: an event is missing or out of order`);
    if (e.prevHash !== head.hash) return broken('prevHash does not match the previous event of the stream');
    if (eventHash(e) !== e.hash) return broken('hash does not match the content: the event was altered');
    this.heads.set(e.streamId, { revision: e.revision, hash: e.hash });
    this.lastPosition = pos;
    this.position = e.position;
    const claim = claimOf(e, this.events);
    if (claim) this.claims.push(claim);
    this.events += 1;
    return true;
  }

  finish(): VerifyResult {
    const signed = this.claims.filter((c) => isSigned(c.head)).length;
    const base = {
      events: this.events,
      streams: this.heads.size,
      digest: ledgerDigest(this.heads),
      position: this.position,
      heads: { total: this.claims.length, signed, unchecked: signed },
    };
    return this.firstBroken ? { ok: false, ...base, firstBroken: this.firstBroken } : { ok: true, ...base };
  }
}

/**
 * The tree head an event of the ledger holds: a TreeHeadSigned (the head of the ledger before it), or a published
 * report's (the head and digest of its cut). A report published before reports carried tree heads has none.
 */
function claimOf(e: EventRecord, ordinal: number): LedgerClaim | null {
  const carrier = eventRef(ordinal, e);
  if (e.type === 'TreeHeadSigned') {
    const head = e.data as EventData<'TreeHeadSigned'>;
    return { head, where: `the TreeHeadSigned event at entry ${ordinal + 1}`, carrier };
  }
  if (e.type === 'ReportPublished') {
    const d = e.data as Partial<EventData<'ReportPublished'>>;
    if (!d.treeHead) return null;
    return {
      head: d.treeHead,
      where: `the report for ${d.period} (entry ${ordinal + 1})`,
      carrier,
      ...(d.digest ? { digest: d.digest } : {}),
    };
  }
  return null;
}

/**
 * Recompute every stream's chain and the ledger digest; name the first broken event. Then hold the ledger to the
 * tree heads and digests its own events recorded (checkClaims): an edit that recomputed every hash still changes the
 * root of every head signed after the edited event, and a removed last event still changes a report's digest.
 */
export async function verifyLedger(
  store: EventStore,
  options: {
    onProgress?: (events: number) => void;
    /** Sees every page whose chains are intact, in order (the Merkle tree check of verify-tree.ts). */
    onPage?: (page: StoredEvent[]) => Promise<void> | void;
    /** The key the held heads must be signed with; without it their signatures are not checked. */
    publicKey?: KeyObject;
    /** Only the first `upTo` events (a report's cut): their chains, the heads among them, and `claims`. */
    upTo?: number;
    /** Heads held elsewhere to check too (a report's own, whose event lies after its cut). */
    claims?: readonly LedgerClaim[];
  } = {},
): Promise<VerifyResult> {
  const verifier = new ChainVerifier(store.densePositions);
  const upTo = options.upTo ?? Infinity;
  for await (const all of store.readPages({ pageSize: 5000 })) {
    const page = verifier.events + all.length > upTo ? all.slice(0, upTo - verifier.events) : all;
    for (const e of page) if (!verifier.check(e)) return verifier.finish();
    await options.onPage?.(page);
    options.onProgress?.(verifier.events);
    if (verifier.events >= upTo) break;
  }
  const result = verifier.finish();
  const claims = [...verifier.claims, ...(options.claims ?? [])];
  if (claims.length === 0) return result;
  const held = await checkClaims(store, claims, options.publicKey);
  const heads = {
    total: claims.length,
    signed: claims.filter((c) => isSigned(c.head)).length,
    unchecked: held.unchecked,
  };
  return held.broken ? { ...result, heads, ok: false, firstBroken: held.broken } : { ...result, heads };
}

/**
 * A second pass over the events up to the largest claim: the tree recomputed from the events must have, at each
 * claim's size, the root the claim holds (and a valid signature, given the key), and the digest of the stream heads
 * there must be the digest a report recorded. The first failure is named as `journey verify --witness` names it:
 * by the first event after the last head that still matches.
 */
async function checkClaims(
  store: EventStore,
  claims: readonly LedgerClaim[],
  publicKey: KeyObject | undefined,
): Promise<{ broken?: BrokenEvent; unchecked: number }> {
  const tree = new TreeVerifier(undefined, claims, { from: 'ledger', ...(publicKey ? { publicKey } : {}) });
  const digests = claims.filter((c) => c.digest !== undefined).sort((a, b) => a.head.treeSize - b.head.treeSize);
  const heads = new Map<string, Head>();
  let next = 0;
  let digestBreak: BrokenEvent | undefined;
  const settle = (size: number) => {
    for (; next < digests.length && (digests[next] as LedgerClaim).head.treeSize === size; next += 1) {
      const c = digests[next] as LedgerClaim;
      const actual = ledgerDigest(heads);
      if (actual !== c.digest && !digestBreak)
        digestBreak = {
          ...c.carrier,
          reason: `the ledger digest of the first ${size} entries is ${actual}, but ${c.where} recorded ${c.digest}: events among them were altered or removed`,
        };
    }
  };
  settle(0);
  const upTo = tree.largestHead;
  let size = 0;
  for await (const page of store.readPages({ pageSize: 5000 })) {
    const within = size + page.length > upTo ? page.slice(0, upTo - size) : page;
    for (const e of within) {
      heads.set(e.streamId, { revision: e.revision, hash: e.hash });
      size += 1;
      settle(size);
    }
    await tree.feed(within);
    if (size >= upTo) break;
  }
  const b = (await tree.finish(store)).firstBroken;
  // Every held head's break names an event: the first one after the last matching head, or the head's own carrier.
  const broken: BrokenEvent | undefined =
    b?.event !== undefined
      ? { streamId: b.event.streamId, revision: b.event.revision, position: b.event.position, reason: b.reason }
      : digestBreak;
  return { ...(broken ? { broken: { ...broken, check: 'held-heads' as const } } : {}), unchecked: tree.unchecked };
}

/** The ledger digest as it stood at a position (what a report records). */
export async function digestAt(store: EventStore, position: string): Promise<string> {
  const heads = new Map<string, Head>();
  for await (const page of store.readPages({ to: position, pageSize: 5000 })) {
    for (const e of page) heads.set(e.streamId, { revision: e.revision, hash: e.hash });
  }
  return ledgerDigest(heads);
}
