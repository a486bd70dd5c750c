import {
  ANY,
  NO_STREAM,
  isCommandError,
  ErrorType,
  MaxAppendSizeExceededError,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type RecordedEvent,
} from '@eventstore/db-client';
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { eventSchemas, type EventType } from '../../events/catalogue.js';
import type { EventRecord } from '../../events/envelope.js';
import { Role } from '../../events/primitives.js';
import { parseStreamId } from '../../events/streams.js';
import { AppendTooLargeError, ConcurrencyError, StoreUnavailableError, type ExpectedRevision } from '../port.js';

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

/**
 * What the server sends when it does not know where an event was committed: 2^64−1, i.e. -1 as an unsigned long
 * (src/EventStore.Core/Services/Transport/Common/Position.cs FromInt64). A stream read gives it for an event that
 * was not committed by itself (an explicit transaction of the old TCP client; Data/ResolvedEvent.cs).
 */
const NO_POSITION = 2n ** 64n - 1n;

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

/**
 * Whether an event of $all is one of this ledger's: not a system event, and in one of the ledger's streams
 * (journey-…, indicator-…, report-…, access) under its prefix. Everything else belongs to another application
 * sharing the server and is skipped. An event in a ledger stream is always the ledger's: one that does not
 * decode is reported, never skipped (it may be tampering).
 */
export const isLedgerEvent = (streamName: string, type: string, streamPrefix: string): boolean =>
  !isSystemEvent(streamName, type) &&
  streamName.startsWith(streamPrefix) &&
  parseStreamId(streamName.slice(streamPrefix.length)) !== null;

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
export function encodeEvent(e: Omit<EventRecord, 'position'>): JSONEventData {
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
 * A recorded event back to the ledger's event (its ordinal is the adapter's to tell). Stream and revision come from the server (what it actually holds), the
 * rest from the metadata: an event moved to another stream or place then fails its hash, which verify reports.
 * `streamPrefix` is the ledger's namespace in a shared server ('' = streams map one to one).
 */
export function decodeEvent(recorded: RecordedEvent, position: Position | undefined, streamPrefix = ''): EventRecord {
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
  if (position.commit === NO_POSITION || position.prepare === NO_POSITION)
    throw new MalformedEventError(
      `event ${where} has no known position in a stream read (the server sent 2^64−1): it was not appended by the ledger through gRPC, so its place in the ledger cannot be told`,
    );
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
  } as EventRecord;
  if (m.correlationId !== undefined) e.correlationId = m.correlationId;
  if (m.causationId !== undefined) e.causationId = m.causationId;
  return e;
}

// ── errors ─────────────────────────────────────────────────────────────────────────────────────────
const UNREACHABLE = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.CANCELLED]);
const TIMED_OUT = new Set<string>([ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT]);

/**
 * The server's answer to a read of $all from a position that is not a record's own: gRPC INVALID_ARGUMENT "Trying to
 * read from an invalid position." (RpcExceptions.cs InvalidPositionException), which client 6.2.1 has no class for
 * and hands over as an UnknownError with that message.
 */
export const isInvalidPosition = (err: unknown): boolean =>
  err instanceof Error &&
  isCommandError(err) &&
  err.type === ErrorType.UNKNOWN &&
  /invalid position/i.test(err.message);

/** A call that got no answer in time: the write may still have been done (the caller re-reads before answering). */
export const isTimeout = (err: unknown): boolean =>
  err instanceof Error && isCommandError(err) && TIMED_OUT.has(err.type);

/** gRPC UNAUTHENTICATED: the server did not accept the user and password (a wrong password, not a missing role). */
const UNAUTHENTICATED = 16;

/**
 * The client's errors in the port's words: a wrong expected version is a ConcurrencyError; an append over the
 * server's maximum size an AppendTooLargeError; a server that cannot be reached, that did not answer in time or
 * that refused the user a StoreUnavailableError saying what was tried and what to do (without credentials);
 * anything else passes through. `readsAll`: the call read or subscribed to $all, which only $admins may do.
 */
export function mapEsdbError(
  err: unknown,
  context: { description: string; streamId?: string; expected?: ExpectedRevision; readsAll?: boolean },
): unknown {
  if (!(err instanceof Error)) return err;
  const at = `EventStoreDB at ${context.description}`;
  if (isCommandError(err)) {
    if (err.type === ErrorType.WRONG_EXPECTED_VERSION) {
      const streamId = context.streamId ?? err.streamName;
      return new ConcurrencyError(streamId, context.expected ?? 'any', fromEsdbRevision(err.actualVersion));
    }
    if (err instanceof MaxAppendSizeExceededError) {
      const limit = err.maxAppendSize;
      return new AppendTooLargeError(
        `${at} refused an append to ${context.streamId ?? 'a stream'} over its maximum append size of ${limit} bytes; nothing was written (if the server's MaxAppendSize is not 1 MiB, set maxAppendSize=${limit} in the store URL)`,
        limit + 1,
        limit,
      );
    }
    if (UNREACHABLE.has(err.type)) {
      return new StoreUnavailableError(`${at} is unavailable (${err.type}): ${firstLine(err.message)} ${HINT}`, {
        cause: err,
      });
    }
    if (TIMED_OUT.has(err.type)) {
      return new StoreUnavailableError(
        `${at} did not answer in time (${err.type}): the server may be overloaded, or a cluster without a quorum`,
        { cause: err },
      );
    }
    if (err.type === ErrorType.ACCESS_DENIED) {
      const wrongPassword = (err as { code?: unknown }).code === UNAUTHENTICATED;
      return new StoreUnavailableError(
        context.readsAll && !wrongPassword
          ? `${at} refused to let this user read $all: the ledger reads $all (projections, verify, migrate), which EventStoreDB allows only to members of $admins unless an ACL grants it ($systemStreamAcl in $settings, or the metadata of $all); connect as an admin user or grant read on $all`
          : `${at} refused access: check the user and password of the store URL`,
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
    return new StoreUnavailableError(`${at} is unavailable: ${firstLine(err.message)} ${HINT}`, { cause: err });
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
