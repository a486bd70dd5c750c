import { descriptorOf, type EventData, type EventType } from './catalogue.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import type { Role } from './primitives.js';
import { periodEnd } from './period.js';
import { dateToInstant } from './time.js';

/** Who wrote an event: always from authentication, never from a request body. */
export interface Actor {
  id: string;
  name: string;
  role: Role | 'system';
}

/**
 * A stored event (docs/architecture.md, "The envelope"). `position` is a decimal string: EventStoreDB commit
 * positions exceed 2^53, so compare positions with comparePositions (position.ts), never as numbers. `position`
 * belongs to the store that holds the event; `ordinal` is its place in ledger order (0-based, its Merkle leaf index),
 * the same in every store the ledger moves to (docs/decisions.md, "Ordinals and entry numbers").
 */
export interface StoredEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  streamId: string;
  revision: number;
  position: string;
  ordinal: number;
  recordedAt: string;
  occurredAt: string;
  actor: Actor;
  data: EventData<T>;
  schemaVersion: number;
  correlationId?: string;
  causationId?: string;
  prevHash: string;
  hash: string;
}

/**
 * An event as one stream holds it, before its place in the whole ledger is told: what a restore takes (the ordinal
 * is the target's to give) and what a store reads for its own bookkeeping.
 */
export type EventRecord<T extends EventType = EventType> = Omit<StoredEvent<T>, 'ordinal'>;

/** The entry number people see for an event: its ordinal + 1 (on SQLite, its position). */
export const entryNumber = (e: { ordinal: number }): number => e.ordinal + 1;

/** Any stored event, narrowed by `type`: `switch (e.type)` gives the right `data`. */
export type LedgerEvent = { [T in EventType]: StoredEvent<T> }[EventType];

/** What a writer hands the store: the store adds revision, position, recordedAt and the hashes. */
export interface NewEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  data: EventData<T>;
  actor: Actor;
  /** Valid time; when absent it is derived from the data (deriveOccurredAt) or equals recordedAt. */
  occurredAt?: string;
  schemaVersion?: number;
  correlationId?: string;
  causationId?: string;
}

export const SCHEMA_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Valid time, from the event's descriptor (catalogue.ts): decidedAt for decisions, occurredAt for changes, the
 * period's last day for measurements; a date is the start of its day (UTC). An event that says nothing of when it
 * happened happened when the ledger learned it.
 */
export function deriveOccurredAt(type: string, data: unknown, recordedAt: string, d = descriptorOf(type)): string {
  const v = d?.occurredAt;
  const at = v && typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[v.field] : undefined;
  if (typeof at !== 'string' || !v) return recordedAt;
  if (v.is === 'instant') return new Date(at).toISOString();
  return dateToInstant(v.is === 'period' ? periodEnd(at) : at);
}

/** The fields the per-stream hash covers. Position is left out so a migration to another store keeps every hash. */
export type HashedFields = Pick<
  StoredEvent,
  'prevHash' | 'id' | 'type' | 'streamId' | 'revision' | 'recordedAt' | 'occurredAt' | 'actor' | 'data'
>;

/**
 * sha-256 of the canonical JSON of the hashed fields. The JSON is assembled by hand in sorted key order so that
 * `data`, the only large part, is serialised once: callers that also store it pass its canonical JSON in.
 */
export function eventHash(e: HashedFields, dataJson: string = canonicalJson(e.data)): string {
  return sha256Hex(
    `{"actor":${canonicalJson(e.actor)},"data":${dataJson},"id":${JSON.stringify(e.id)},` +
      `"occurredAt":${JSON.stringify(e.occurredAt)},"prevHash":${JSON.stringify(e.prevHash)},` +
      `"recordedAt":${JSON.stringify(e.recordedAt)},"revision":${e.revision},"streamId":${JSON.stringify(e.streamId)},` +
      `"type":${JSON.stringify(e.type)}}`,
  );
}
