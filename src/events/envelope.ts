import type { EventData, EventType } from './catalogue.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import { dateToInstant, periodEnd } from './period.js';
import type { Role } from './primitives.js';

/** Who wrote an event: always from authentication, never from a request body. */
export interface Actor {
  id: string;
  name: string;
  role: Role | 'system';
}

/**
 * A stored event (DESIGN §3). `position` is a decimal string: EventStoreDB commit positions exceed 2^53,
 * so compare positions with comparePositions / BigInt, never as numbers.
 */
export interface StoredEvent<T extends EventType = EventType> {
  id: string;
  type: T;
  streamId: string;
  revision: number;
  position: string;
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
 * Valid time (DESIGN §3): decidedAt for decisions, occurredAt for changes, the period's last day for
 * measurements, otherwise the moment the ledger learned it. Dates become the instant at the start of that day (UTC).
 */
export function deriveOccurredAt(type: EventType, data: unknown, recordedAt: string): string {
  const d = data as Record<string, unknown>;
  switch (type) {
    case 'DecisionTaken':
      return typeof d.decidedAt === 'string' ? new Date(d.decidedAt).toISOString() : recordedAt;
    case 'ChangeReported':
      return typeof d.occurredAt === 'string' ? dateToInstant(d.occurredAt) : recordedAt;
    case 'MeasurementRecorded':
      return typeof d.period === 'string' ? dateToInstant(periodEnd(d.period)) : recordedAt;
    default:
      return recordedAt;
  }
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

export const comparePositions = (a: string, b: string): number => {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
