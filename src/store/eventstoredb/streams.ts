import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EventRecord } from '../../events/envelope.js';
import { ChainError, ConcurrencyError, StoreUnavailableError, type AppendOptions } from '../port.js';
import type { EsdbClient } from './client.js';
import { onLeader, readWithDeadline, withDeadline } from './guard.js';
import { IdIndex } from './ids.js';
import { decodeEvent, fromEsdbRevision, isLedgerEvent, isTimeout, mapEsdbError } from './mapping.js';
import { readAllOnce, type AllReader } from './all.js';
import { readPlace, type AppendReads } from './append.js';

export interface EsdbConnection {
  client: EsdbClient;
  description: string;
  streamPrefix: string;
  deadlineMs: number;
  /** How many recent event ids are remembered to refuse an id already stored in another stream. */
  idIndexSize: number;
}

/**
 * The deadline given to the client for an append. Client 6.2.1 sends it to the server as an absolute time on the
 * app's clock (streams/appendToStream/batchAppend.js) and the server waits min(that − its own now, WriteTimeoutMs
 * = 2 s) (Streams.BatchAppend.cs): with the client's 10 s, an app clock 10 s behind the server's fails every append.
 * Five minutes tolerates any sane skew; the server's own 2 s still bounds the write, and the adapter's deadline
 * bounds the wait.
 */
const APPEND_DEADLINE_MS = 5 * 60_000;

/**
 * The EventStoreDB adapter's calls to the server, each from the leader and within the deadline, with the client's
 * errors in the port's words: stream reads, the head a write continues, the end of $all, and one append.
 */
export class EsdbStreams {
  readonly ids: IdIndex;
  readonly reads: AppendReads;

  constructor(private readonly c: EsdbConnection) {
    this.ids = new IdIndex(c.idIndexSize);
    this.reads = { range: (s, from, n) => this.readRange(s, from, n), ids: this.ids };
  }

  private stream(streamId: string): string {
    return this.c.streamPrefix + streamId;
  }

  fail(err: unknown, context: Omit<Parameters<typeof mapEsdbError>[1], 'description'> = {}): unknown {
    return mapEsdbError(err, { description: this.c.description, ...context });
  }

  private silent(what: string): () => StoreUnavailableError {
    return () =>
      new StoreUnavailableError(
        `EventStoreDB at ${this.c.description} sent nothing for ${this.c.deadlineMs / 1000} s while ${what}`,
      );
  }

  /** A recorded event of $all, or null when it is a system event or another application's. */
  decodeAll(r: AllStreamResolvedEvent): EventRecord | null {
    const ev = r.event;
    if (!ev || !isLedgerEvent(ev.streamId, ev.type, this.c.streamPrefix)) return null;
    const e = decodeEvent(ev, ev.position, this.c.streamPrefix);
    this.ids.remember(e.id, e.streamId, e.revision);
    return e;
  }

  allReader(): AllReader {
    return {
      client: this.c.client,
      decode: (r) => this.decodeAll(r),
      fail: (err) => this.fail(err, { readsAll: true }),
      deadlineMs: this.c.deadlineMs,
      description: this.c.description,
    };
  }

  /** One read of a stream, from the leader, within the deadline; [] when the stream does not exist. */
  private async readOnce(
    streamId: string,
    options: { fromRevision: bigint | typeof END; direction: typeof FORWARDS | typeof BACKWARDS; maxCount: number },
  ): Promise<EventRecord[]> {
    try {
      return await onLeader(async () => {
        const out: EventRecord[] = [];
        const read = this.c.client.readStream(this.stream(streamId), { ...options, requiresLeader: true });
        for await (const r of readWithDeadline<ResolvedEvent>(
          read,
          this.c.deadlineMs,
          this.silent(`reading ${streamId}`),
        )) {
          if (r.event) out.push(decodeEvent(r.event, r.event.position, this.c.streamPrefix));
        }
        return out;
      });
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw this.fail(err, { streamId });
    }
  }

  /** Events of a stream from a revision, at most maxCount (forwards), [] when the stream does not exist. */
  readRange(streamId: string, from: number, maxCount: number): Promise<EventRecord[]> {
    return this.readOnce(streamId, { fromRevision: BigInt(from), direction: FORWARDS, maxCount });
  }

  async headEvent(streamId: string): Promise<EventRecord | null> {
    const [head] = await this.readOnce(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return head ?? null;
  }

  /**
   * The head a write continues. A stream that reads as not found may have been deleted (soft delete): EventStoreDB
   * then numbers new events after its old ones (Services/Storage/ReaderIndex/IndexWriter.cs lets an expected
   * "no stream" through on a soft-deleted stream), which would break the ledger's revisions and hashes. Refused.
   */
  async headForWrite(streamId: string): Promise<EventRecord | null> {
    const head = await this.headEvent(streamId);
    if (head) return head;
    let truncated: unknown;
    try {
      const meta = await withDeadline(
        onLeader(() => this.c.client.getStreamMetadata(this.stream(streamId), { requiresLeader: true })),
        this.c.deadlineMs,
        this.silent(`reading the metadata of ${streamId}`),
      );
      truncated = meta.metadata?.truncateBefore;
    } catch (err) {
      throw this.fail(err, { streamId });
    }
    if (truncated !== undefined && Number(truncated) > 0) {
      throw new ChainError(
        `${streamId} was deleted in EventStoreDB (its metadata hides revisions before ${String(truncated)}): new events would be numbered after the old ones and break the ledger's hash chain; nothing was written. Remove truncateBefore from the stream's metadata to bring its events back`,
        streamId,
        0,
      );
    }
    return null;
  }

  /** Position of the last record of $all (any event, system ones too), or null for an empty database. */
  async rawEnd(deadlineMs: number): Promise<Position | null> {
    try {
      const [last] = await readAllOnce({ ...this.allReader(), deadlineMs }, END, BACKWARDS, 1);
      return last?.event?.position ?? null;
    } catch (err) {
      throw this.fail(err, { readsAll: true });
    }
  }

  /** open() asks the server once, within a deadline, so `journey serve` fails at once with what it tried. */
  async probe(timeoutMs: number): Promise<void> {
    try {
      await withDeadline(
        this.rawEnd(timeoutMs),
        timeoutMs,
        () =>
          new StoreUnavailableError(
            `EventStoreDB at ${this.c.description} did not answer within ${Math.round(timeoutMs / 100) / 10} s: is it running, and are host, port and tls= right?`,
          ),
      );
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new StoreUnavailableError(`EventStoreDB at ${this.c.description} could not be reached: ${message}`, {
        cause: err,
      });
    }
  }

  /**
   * One append, answered within the deadline. A timed-out append may still have committed (the server's write
   * timeout does not undo it), so the place is read again before answering: there, it succeeded; not there, its
   * outcome is unknown and the caller is told to retry with the same event ids, which is safe.
   */
  async write(
    streamId: string,
    stored: Omit<EventRecord, 'position'>[],
    wire: JSONEventData[],
    expectedRevision: AppendExpectedRevision,
    expected: AppendOptions['expectedRevision'] | number,
  ): Promise<void> {
    const noAnswer = new StoreUnavailableError('no answer');
    try {
      const result = await withDeadline(
        this.c.client.appendToStream(this.stream(streamId), wire, { expectedRevision, deadline: APPEND_DEADLINE_MS }),
        this.c.deadlineMs,
        () => noAnswer,
      );
      // Only with throwOnAppendFailure=false (refused in the URL): a wrong expected revision as a result.
      if (!result.success) {
        const actual = result.nextExpectedRevision < 0n ? 'no_stream' : fromEsdbRevision(result.nextExpectedRevision);
        throw new ConcurrencyError(streamId, typeof expected === 'number' ? expected : 'any', actual);
      }
    } catch (err) {
      if (err !== noAnswer && !isTimeout(err)) {
        throw err instanceof ConcurrencyError
          ? err
          : this.fail(err, { streamId, expected: expected as AppendOptions['expectedRevision'] });
      }
      if (await readPlace(this.reads, streamId, stored)) return;
      throw new StoreUnavailableError(
        `EventStoreDB at ${this.c.description} did not confirm the append to ${streamId} in time, and it is not in the store now; it may still be written (a timed-out write is not undone): retry with the same event ids (the same Idempotency-Key), which cannot write it twice. If every append times out, check that the app's clock agrees with the server's and that the cluster has a quorum`,
        { cause: err === noAnswer ? undefined : err },
      );
    }
  }
}
