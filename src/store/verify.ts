import { sha256Hex } from '../events/canonical.js';
import { eventHash, GENESIS_HASH, type StoredEvent } from '../events/envelope.js';
import { byPosition } from '../events/position.js';
import type { EventStore } from './port.js';

export interface BrokenEvent {
  streamId: string;
  revision: number;
  position: string;
  reason: string;
}

export interface VerifyResult {
  ok: boolean;
  events: number;
  streams: number;
  /** Ledger digest at `position` (docs/architecture.md, "The envelope and the two times"). */
  digest: string;
  position: string;
  firstBroken?: BrokenEvent;
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
  /** Digests that published reports claimed, checked by verifyLedger in a second pass. */
  readonly claims: { position: string; digest: string; event: StoredEvent }[] = [];

  constructor(private readonly densePositions = false) {}

  /** Returns false once the ledger is known to be broken (the first break is kept). */
  check(e: StoredEvent): boolean {
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
    this.events += 1;
    if (e.type === 'ReportPublished') {
      const d = e.data as { position: string; digest: string };
      this.claims.push({ position: d.position, digest: d.digest, event: e });
    }
    return true;
  }

  finish(): VerifyResult {
    const base = {
      events: this.events,
      streams: this.heads.size,
      digest: ledgerDigest(this.heads),
      position: this.position,
    };
    return this.firstBroken ? { ok: false, ...base, firstBroken: this.firstBroken } : { ok: true, ...base };
  }
}

/** Recompute every stream's chain and the ledger digest; name the first broken event. */
export async function verifyLedger(
  store: EventStore,
  options: {
    onProgress?: (events: number) => void;
    to?: string;
    /** Sees every page whose chains are intact, in order (the Merkle tree check of verify-tree.ts). */
    onPage?: (page: StoredEvent[]) => Promise<void> | void;
  } = {},
): Promise<VerifyResult> {
  const verifier = new ChainVerifier(store.densePositions);
  const readOptions = options.to === undefined ? { pageSize: 5000 } : { pageSize: 5000, to: options.to };
  for await (const page of store.readPages(readOptions)) {
    for (const e of page) if (!verifier.check(e)) return verifier.finish();
    await options.onPage?.(page);
    options.onProgress?.(verifier.events);
  }
  const result = verifier.finish();
  const broken = await checkReportDigests(store, verifier.claims);
  return broken ? { ...result, ok: false, firstBroken: broken } : result;
}

/**
 * A removed last event leaves every chain intact; a published report's digest still catches it. One extra scan
 * up to the last report's position recomputes the digest at each report's position.
 */
async function checkReportDigests(
  store: EventStore,
  claims: ChainVerifier['claims'],
): Promise<BrokenEvent | undefined> {
  if (claims.length === 0) return undefined;
  const pending = [...claims].sort(byPosition);
  const heads = new Map<string, Head>();
  const settle = (before: bigint | null): BrokenEvent | undefined => {
    while (pending.length > 0 && (before === null || BigInt((pending[0] as (typeof pending)[0]).position) < before)) {
      const c = pending.shift() as (typeof pending)[0];
      const actual = ledgerDigest(heads);
      if (actual !== c.digest) {
        return {
          streamId: c.event.streamId,
          revision: c.event.revision,
          position: c.event.position,
          reason: `the ledger digest at position ${c.position} is ${actual}, but this report published ${c.digest}: events up to that position were altered or removed`,
        };
      }
    }
    return undefined;
  };
  const last = (pending[pending.length - 1] as (typeof pending)[0]).position;
  for await (const page of store.readPages({ to: last, pageSize: 5000 })) {
    for (const e of page) {
      const broken = settle(BigInt(e.position));
      if (broken) return broken;
      heads.set(e.streamId, { revision: e.revision, hash: e.hash });
    }
  }
  return settle(null);
}

/** The ledger digest as it stood at a position (what a report records). */
export async function digestAt(store: EventStore, position: string): Promise<string> {
  const heads = new Map<string, Head>();
  for await (const page of store.readPages({ to: position, pageSize: 5000 })) {
    for (const e of page) heads.set(e.streamId, { revision: e.revision, hash: e.hash });
  }
  return ledgerDigest(heads);
}
