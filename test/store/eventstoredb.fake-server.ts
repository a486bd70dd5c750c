import { convertToCommandError, type JSONEventData } from '@eventstore/db-client';

/*
 * What the in-memory fake knows of the EventStoreDB server, each rule taken from the server's source
 * (EventStore/EventStore at tag v24.10.0, and v25.0.0 where it differs) or from @eventstore/db-client 6.2.1:
 *
 * - Positions are byte offsets in the transaction log. The log starts at 0 with the server's own records, so
 *   the first user event sits a few hundred bytes in; events appended through gRPC are self-committed, so an
 *   event's commit position is its prepare position, the record's own offset (Services/Storage/
 *   StorageWriterService.cs writes PrepareFlags.IsCommitted; Services/Storage/ReaderIndex/AllReader.cs gives
 *   each such record TFPos(LogPosition, LogPosition)).
 * - Reading $all from a position repositions the log reader there: a position that is not a record boundary
 *   fails to read (InvalidReadException → ReadAllResult.InvalidPosition in Services/Storage/StorageReaderWorker.cs
 *   → RpcExceptions.InvalidPositionException, gRPC INVALID_ARGUMENT "Trying to read from an invalid position.",
 *   which the client turns into an UnknownError). Forward reads include the record at the position, backward reads
 *   and subscriptions start after it (AllReader.cs; Services/Transport/Enumerators/Enumerator.AllSubscription.cs).
 * - The maximum append size (Configuration/ClusterVNodeOptions.cs MaxAppendSize, 1 MiB) is compared with the sum
 *   of Data/Event.cs SizeOnDisk: in v24.10 `data?.Length ?? 0 + metadata?.Length ?? 0 + eventType.Length * 2`
 *   parses as the data's byte length only; v25.0.0 adds the parentheses (data + metadata + 2 × type length).
 *   An append over it is refused whole (Grpc/Streams.BatchAppend.cs: `Size > _maxAppendSize`).
 * - A batch append's deadline is an absolute time set by the client's clock (client 6.2.1 batchAppend.js sends
 *   Timestamp(now + deadline)); the server waits min(deadline − its own now, WriteTimeoutMs = 2 s) and answers
 *   Timeout at once when that is not positive (Streams.BatchAppend.cs). A timed-out write may still commit.
 */

/** The server's default maximum append size (ClusterVNodeOptions.cs). */
export const MAX_APPEND_SIZE = 1024 * 1024;
/** The server's default write timeout (ClusterVNodeOptions.cs WriteTimeoutMs). */
export const WRITE_TIMEOUT_MS = 2_000;
/** long.MaxValue: the $tb a soft delete writes into the stream's metadata (StorageWriterService.cs). */
export const DELETED_STREAM = 2n ** 63n - 1n;
/** What the server sends for "no position known" (Transport/Common/Position.cs FromInt64(-1, -1)). */
export const NO_POSITION = 2n ** 64n - 1n;

export type SizeRule = '24.10' | '25';

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The bytes one proposed event counts against the maximum append size, under either server version's rule. */
export function appendSizeOf(e: JSONEventData, rule: SizeRule): number {
  const data = utf8(JSON.stringify(e.data));
  if (rule === '24.10') return data;
  const metadata = e.metadata === undefined ? 0 : utf8(JSON.stringify(e.metadata));
  return data + metadata + e.type.length * 2;
}

export interface Rec {
  /** A log record that is not an event (the epoch record at 0): a boundary, never returned by reads. */
  kind: 'event' | 'system-record';
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  isJson: boolean;
  position: bigint;
  size: bigint;
  created: Date;
  /**
   * False for an event committed by a separate commit record (an explicit transaction of the old TCP client):
   * stream reads then carry no position, which the server sends as 2^64−1 (Data/ResolvedEvent.cs).
   */
  selfCommitted: boolean;
}

/** Bytes a record takes in the log: a fixed header (length prefix and suffix, ids, flags…) and its payloads. */
export function recordSize(r: Pick<Rec, 'streamId' | 'type' | 'data' | 'metadata'>): bigint {
  return BigInt(92 + utf8(r.streamId) + utf8(r.type) + utf8(r.data) + utf8(r.metadata));
}

/** The gRPC status codes the server answers with (grpc-js `status`), by name. */
const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, PERMISSION_DENIED: 7, UNAVAILABLE: 14 } as const;

/**
 * A gRPC error as the server sends it (status, details and the `exception` trailers of RpcExceptions.cs),
 * turned into the client's error by the client's own convertToCommandError, as its ReadStream does.
 */
function fromServer(code: keyof typeof GRPC, details: string, trailers: Record<string, string> = {}): Error {
  const metadata = { getMap: () => trailers };
  const err = Object.assign(new Error(`${GRPC[code]} ${code}: ${details}`), { code: GRPC[code], details, metadata });
  return convertToCommandError(err);
}

/** Services/Transport/Grpc/RpcExceptions.cs InvalidPositionException. */
export const invalidPosition = (): Error => fromServer('INVALID_ARGUMENT', 'Trying to read from an invalid position.');

/** RpcExceptions.cs LeaderInfo: what a follower answers a requires-leader call with. */
export const notLeader = (host: string, port: number): Error =>
  fromServer('NOT_FOUND', 'Leader info available', {
    exception: 'not-leader',
    'leader-endpoint-host': host,
    'leader-endpoint-port': String(port),
  });

/** RpcExceptions.cs AccessDenied: a user the ACL does not allow ($all is a system stream: $admins only). */
export const accessDenied = (): Error =>
  fromServer('PERMISSION_DENIED', 'Access Denied', { exception: 'access-denied' });

/** What gRPC gives when nothing listens (or the connection dropped). */
export const unavailable = (details = 'No connection established'): Error => fromServer('UNAVAILABLE', details);
