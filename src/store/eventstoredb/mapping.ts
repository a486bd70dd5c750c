import {
  ANY,
  NO_STREAM,
  isCommandError,
  ErrorType,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type RecordedEvent,
} from '@eventstore/db-client';
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { eventSchemas, type EventType } from '../../events/catalogue.js';
import type { LedgerEvent, StoredEvent } from '../../events/envelope.js';
import { Role } from '../../events/primitives.js';
import { ConcurrencyError, StoreUnavailableError, type ExpectedRevision } from '../port.js';

/*
 * The pure half of the EventStoreDB adapter: how the port's words map onto the client's, and back.
 * No I/O here, so every mapping is unit-tested without a server (test/store/eventstoredb.mapping.test.ts).
 */

// ── expected revision ──────────────────────────────────────────────────────────────────────────────
/** n → the BigInt revision, 'no_stream' → NO_STREAM, 'any' → ANY. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new RangeError(`expected revision ${expected} is not a revision`);
  return BigInt(expected);
}

/** The client's current revision (a BigInt or 'no_stream') in the port's words. */
export function fromEsdbRevision(actual: unknown): number | 'no_stream' {
  if (typeof actual === 'bigint') return Number(actual);
  if (typeof actual === 'number') return actual;
  return 'no_stream';
}

// ── positions ──────────────────────────────────────────────────────────────────────────────────────
/**
 * Position = the commit position: a BigInt inside, a decimal string at the edge (DESIGN §3). Events appended
 * through gRPC are implicitly committed, so each has its own commit position (commit = prepare); resuming from a
 * ledger position therefore uses it as both.
 */
export const positionToString = (p: Position): string => p.commit.toString(10);

export function positionFromString(s: string): Position {
  if (!/^\d+$/.test(s)) throw new RangeError(`position ${JSON.stringify(s)} is not a decimal number`);
  const n = BigInt(s);
  return { commit: n, prepare: n };
}

/** Order of two $all positions: commit first, then prepare. */
export const compareEsdbPositions = (a: Position, b: Position): number =>
  a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;

// ── event ids ──────────────────────────────────────────────────────────────────────────────────────
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A fixed namespace for name-based ids (uuid v5). Never change it: stored events' ids depend on it. */
const LEDGER_ID_NAMESPACE = '4c0f4b1e-8f6a-5d3c-9b7e-2a1d6c5e8f90';

/**
 * EventStoreDB ids must be UUIDs; ledger ids are UUID v7 or client-chosen slugs. A UUID is used as it is; any
 * other id maps to a name-based UUID (v5) of itself, so a retry maps to the same id and the server's own
 * de-duplication still applies. The ledger id itself rides in the metadata.
 */
export const toEsdbEventId = (id: string): string =>
  UUID.test(id) ? id.toLowerCase() : uuidv5(id, LEDGER_ID_NAMESPACE);

// ── streams ────────────────────────────────────────────────────────────────────────────────────────
/** System streams and system event types start with '$' (stream metadata, stats, links, projections' output). */
export const isSystemEvent = (streamName: string, type: string): boolean =>
  streamName.startsWith('$') || type.startsWith('$');

// ── metadata ───────────────────────────────────────────────────────────────────────────────────────
const Hash = z.string().regex(/^[0-9a-f]{64}$/);
export const EnvelopeMetadata = z.looseObject({
  id: z.string().min(1),
  revision: z.number().int().nonnegative(),
  recordedAt: z.string(),
  occurredAt: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.union([Role, z.literal('system')]) }),
  schemaVersion: z.number().int(),
  correlationId: z.string().optional(),
  causationId: z.string().optional(),
  prevHash: Hash,
  hash: Hash,
});
export type EnvelopeMetadata = z.infer<typeof EnvelopeMetadata>;

/**
 * The envelope rides in the event's metadata, `data` is the event's JSON data: the hash is computed over the
 * same fields as on SQLite, so a migrated ledger keeps every hash. `$correlationId`/`$causationId` are also
 * written so EventStoreDB's own by-correlation projection can follow a request's events.
 */
export function encodeEvent(e: Omit<StoredEvent, 'position'>): JSONEventData {
  const metadata: Record<string, unknown> = {
    id: e.id,
    revision: e.revision,
    recordedAt: e.recordedAt,
    occurredAt: e.occurredAt,
    actor: e.actor,
    schemaVersion: e.schemaVersion,
    prevHash: e.prevHash,
    hash: e.hash,
  };
  if (e.correlationId !== undefined) metadata.correlationId = metadata.$correlationId = e.correlationId;
  if (e.causationId !== undefined) metadata.causationId = metadata.$causationId = e.causationId;
  return {
    id: toEsdbEventId(e.id),
    contentType: 'application/json',
    type: e.type,
    data: e.data as Record<string, unknown>,
    metadata,
  };
}

export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

/**
 * A recorded event back to a StoredEvent. Stream and revision come from the server (what it actually holds), the
 * rest from the metadata: an event moved to another stream or place then fails its hash, which verify reports.
 * `streamPrefix` is the ledger's namespace in a shared server ('' = streams map one to one).
 */
export function decodeEvent(recorded: RecordedEvent, position: Position | undefined, streamPrefix = ''): StoredEvent {
  const where = `${recorded.streamId}@${recorded.revision}`;
  if (!(recorded.type in eventSchemas))
    throw new MalformedEventError(`event ${where} has type ${recorded.type}, which the ledger does not know`);
  if (!recorded.isJson) throw new MalformedEventError(`event ${where} is not JSON`);
  const meta = EnvelopeMetadata.safeParse(recorded.metadata);
  if (!meta.success)
    throw new MalformedEventError(
      `event ${where} has no ledger envelope in its metadata: ${meta.error.issues[0]?.message ?? ''}`,
    );
  if (!position)
    throw new MalformedEventError(`event ${where} came without a position: EventStoreDB 22.6 or later is needed`);
  if (!recorded.streamId.startsWith(streamPrefix))
    throw new MalformedEventError(`event ${where} is outside this ledger's streams`);
  const m = meta.data;
  const e = {
    id: m.id,
    type: recorded.type as EventType,
    streamId: recorded.streamId.slice(streamPrefix.length),
    revision: Number(recorded.revision),
    position: positionToString(position),
    recordedAt: m.recordedAt,
    occurredAt: m.occurredAt,
    actor: { id: m.actor.id, name: m.actor.name, role: m.actor.role },
    data: recorded.data,
    schemaVersion: m.schemaVersion,
    prevHash: m.prevHash,
    hash: m.hash,
  } as LedgerEvent;
  if (m.correlationId !== undefined) e.correlationId = m.correlationId;
  if (m.causationId !== undefined) e.causationId = m.causationId;
  return e;
}

// ── errors ─────────────────────────────────────────────────────────────────────────────────────────
const UNREACHABLE = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
]);

/**
 * The client's errors in the port's words: a wrong expected version is a ConcurrencyError; a server that cannot
 * be reached (or did not answer by the deadline) is a StoreUnavailableError saying what was tried, without
 * credentials; anything else passes through.
 */
export function mapEsdbError(
  err: unknown,
  context: { description: string; streamId?: string; expected?: ExpectedRevision },
): unknown {
  if (!(err instanceof Error)) return err;
  if (isCommandError(err)) {
    if (err.type === ErrorType.WRONG_EXPECTED_VERSION) {
      const streamId = context.streamId ?? err.streamName;
      return new ConcurrencyError(streamId, context.expected ?? 'any', fromEsdbRevision(err.actualVersion));
    }
    if (UNREACHABLE.has(err.type)) {
      return new StoreUnavailableError(
        `EventStoreDB at ${context.description} is unavailable (${err.type}): ${firstLine(err.message)} ${HINT}`,
        { cause: err },
      );
    }
    if (err.type === ErrorType.ACCESS_DENIED) {
      return new StoreUnavailableError(
        `EventStoreDB at ${context.description} refused access: check the user and password of the store URL`,
        { cause: err },
      );
    }
    return err;
  }
  // Discovery (esdb+discover://) and connection failures arrive as plain errors from the client or gRPC.
  if (
    /discover|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|No connection established|UNAVAILABLE|failed to connect/i.test(
      err.message,
    )
  ) {
    return new StoreUnavailableError(
      `EventStoreDB at ${context.description} is unavailable: ${firstLine(err.message)} ${HINT}`,
      { cause: err },
    );
  }
  return err;
}

const HINT = '(is the server running, and are host, port and tls= in the store URL right?)';
const firstLine = (s: string): string =>
  redactSecrets(s.split('\n')[0] ?? '')
    .replace(/\s*Resolution note:.*$/, '')
    .trim()
    .slice(0, 300);

// ── URLs ───────────────────────────────────────────────────────────────────────────────────────────
/** Never print credentials: esdb://user:pass@host → esdb://***@host. */
export const redactSecrets = (s: string): string => s.replace(/\/\/[^@/\s]*@/g, '//***@');

/** What the store is, for logs and errors: the URL without credentials. */
export const describeEsdbUrl = (url: string): string => redactSecrets(url);

export const isEsdbUrl = (url: string): boolean => /^esdb(\+discover)?:\/\//.test(url);
