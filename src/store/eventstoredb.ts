import {
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { concatMap, from, Observable, share, Subject, takeUntil } from 'rxjs';
import { systemClock, type Clock } from '../clock.js';
import type { EventRecord, NewEvent, StoredEvent } from '../events/envelope.js';
import {
  ChainError,
  ConcurrencyError,
  StoreUnavailableError,
  recordedWithin,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamHead,
} from './port.js';
import { connectEsdb, type EsdbClient } from './eventstoredb/client.js';
import { liveFeed } from './eventstoredb/live.js';
import {
  decodeEvent,
  encodeEvent,
  fromEsdbRevision,
  isLedgerEvent,
  isTimeout,
  mapEsdbError,
} from './eventstoredb/mapping.js';
import { lastLedgerEvent, readAllOnce, readLedgerPages, type AllReader } from './eventstoredb/all.js';
import { chainEvents, findReplay, readBack, readPlace, type AppendReads } from './eventstoredb/append.js';
import { onLeader, readWithDeadline, withDeadline } from './eventstoredb/guard.js';
import { restoreEvents } from './eventstoredb/restore.js';
import { DEFAULT_DEADLINE_MS, parseEsdbSettings } from './eventstoredb/settings.js';
import { appendSize, checkAppendSize, MAX_APPEND_SIZE } from './eventstoredb/size.js';
import { IdIndex } from './eventstoredb/ids.js';
import { LedgerOrder, orderedTree } from './eventstoredb/ledger-order.js';
import type { LedgerTree } from './merkle/ledger-tree.js';

export interface EventStoreDbOptions {
  clock?: Clock;
  /** An already made client (tests give an in-memory fake); otherwise one is made from the URL. */
  client?: EsdbClient;
  /**
   * The ledger's namespace in a shared server: every stream is stored as prefix + streamId and reads see only
   * those. '' maps streams one to one. Overrides the URL's `streamPrefix=`; the contract suite uses one per store.
   */
  streamPrefix?: string;
  /** How long open() waits for the server to answer before giving up with StoreUnavailableError. */
  connectTimeoutMs?: number;
  /** First wait before live$ resubscribes after a dropped connection (doubles, up to 5 s). */
  resubscribeDelayMs?: number;
  /** How many recent event ids are remembered to refuse an id already stored in another stream. */
  idIndexSize?: number;
  /** Where the adapter says what went wrong in the background (a dropped subscription); default: stderr. */
  log?: (message: string) => void;
}

interface Settings {
  streamPrefix: string;
  maxAppendSize: number;
  deadlineMs: number;
}

const DEFAULT_PAGE = 1000;
const MAX_ANY_RETRIES = 10;
const LIVE_START_WAIT_MS = 5_000;
/**
 * The deadline given to the client for an append. Client 6.2.1 sends it to the server as an absolute time on the
 * app's clock (streams/appendToStream/batchAppend.js) and the server waits min(that − its own now, WriteTimeoutMs
 * = 2 s) (Streams.BatchAppend.cs): with the client's 10 s, an app clock 10 s behind the server's fails every append.
 * Five minutes tolerates any sane skew; the server's own 2 s still bounds the write, and the adapter's deadline
 * bounds the wait.
 */
const APPEND_DEADLINE_MS = 5 * 60_000;

/**
 * The EventStoreDB / KurrentDB adapter (DESIGN §4) on @eventstore/db-client 6. Streams map one to one (under an
 * optional prefix), position is the commit position, the envelope rides in each event's metadata and its hashes
 * are computed here from the stream's head, exactly as on SQLite, so a ledger moves between stores with every hash
 * intact. Every read goes to the leader, within a deadline. See docs/eventstoredb.md.
 */
export class EventStoreDbStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  readonly densePositions = false;
  readonly live$: Observable<StoredEvent>;
  /** The Merkle tree over the ledger, kept in memory from the ledger's order (eventstoredb/ledger-order.ts). */
  readonly tree: LedgerTree;
  private readonly order: LedgerOrder;
  private readonly clock: Clock;
  private readonly settings: Settings;
  private readonly ids: IdIndex;
  private readonly log: (message: string) => void;
  private readonly closing = new Subject<void>();
  private closed = false;
  private readonly last = { recordedAt: '' };
  /**
   * While live$ is starting, appends wait until its start position is known, so none is missed; at most
   * LIVE_START_WAIT_MS, so a subscription that cannot start (server down) never holds writes back.
   */
  private liveReady: Promise<void> | null = null;

  constructor(
    private readonly client: EsdbClient,
    readonly description: string,
    options: EventStoreDbOptions & Partial<Settings> = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.settings = {
      streamPrefix: options.streamPrefix ?? '',
      maxAppendSize: options.maxAppendSize ?? MAX_APPEND_SIZE,
      deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS,
    };
    this.ids = new IdIndex(options.idIndexSize ?? 100_000);
    this.order = new LedgerOrder((after) =>
      readLedgerPages(this.allReader(), { pageSize: DEFAULT_PAGE, ...(after === undefined ? {} : { after }) }),
    );
    this.tree = orderedTree(this.order);
    this.log = (m) =>
      (options.log ?? ((s: string) => console.warn(`journey-ledger: ${s}`)))(`EventStoreDB at ${description}: ${m}`);
    const recorded$ = new Observable<EventRecord>((subscriber) => {
      let ready!: () => void;
      const starting = new Promise<void>((r) => {
        ready = r;
      });
      this.liveReady = starting;
      void starting.then(() => {
        if (this.liveReady === starting) this.liveReady = null;
      });
      const sub = liveFeed({
        client,
        retryDelayMs: options.resubscribeDelayMs ?? 200,
        deadlineMs: this.settings.deadlineMs,
        end: () => this.rawEnd(this.settings.deadlineMs),
        decode: (r) => this.decodeAll(r),
        fail: (err) => this.fail(err, { readsAll: true }),
        log: this.log,
        onReady: () => ready(),
      }).subscribe(subscriber);
      return () => {
        ready();
        sub.unsubscribe();
      };
    });
    // Each live event is given its ordinal, in the order the feed delivers them.
    this.live$ = recorded$.pipe(
      concatMap((e) => from(this.order.place([e]).then(([placed]) => placed as StoredEvent))),
      takeUntil(this.closing),
      share(),
    );
  }

  private stream(streamId: string): string {
    return this.settings.streamPrefix + streamId;
  }

  private async liveStarted(): Promise<void> {
    if (!this.liveReady) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.liveReady,
      new Promise<void>((r) => {
        timer = setTimeout(r, LIVE_START_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private fail(err: unknown, context: Omit<Parameters<typeof mapEsdbError>[1], 'description'> = {}): unknown {
    return mapEsdbError(err, { description: this.description, ...context });
  }

  private silent(what: string): () => StoreUnavailableError {
    return () =>
      new StoreUnavailableError(
        `EventStoreDB at ${this.description} sent nothing for ${this.settings.deadlineMs / 1000} s while ${what}`,
      );
  }

  /** A recorded event of $all, or null when it is a system event or another application's. */
  private decodeAll(r: AllStreamResolvedEvent): EventRecord | null {
    const ev = r.event;
    if (!ev || !isLedgerEvent(ev.streamId, ev.type, this.settings.streamPrefix)) return null;
    const e = decodeEvent(ev, ev.position, this.settings.streamPrefix);
    this.ids.remember(e.id, e.streamId, e.revision);
    return e;
  }

  /** One read of a stream, from the leader, within the deadline; [] when the stream does not exist. */
  private async readOnce(
    streamId: string,
    options: { fromRevision: bigint | typeof END; direction: typeof FORWARDS | typeof BACKWARDS; maxCount: number },
  ): Promise<EventRecord[]> {
    try {
      return await onLeader(async () => {
        const out: EventRecord[] = [];
        const read = this.client.readStream(this.stream(streamId), { ...options, requiresLeader: true });
        for await (const r of readWithDeadline<ResolvedEvent>(
          read,
          this.settings.deadlineMs,
          this.silent(`reading ${streamId}`),
        )) {
          if (r.event) out.push(decodeEvent(r.event, r.event.position, this.settings.streamPrefix));
        }
        return out;
      });
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw this.fail(err, { streamId });
    }
  }

  /** Events of a stream from a revision, at most maxCount (forwards), [] when the stream does not exist. */
  private readRange(streamId: string, from: number, maxCount: number): Promise<EventRecord[]> {
    return this.readOnce(streamId, { fromRevision: BigInt(from), direction: FORWARDS, maxCount });
  }

  private async headEvent(streamId: string): Promise<EventRecord | null> {
    const [head] = await this.readOnce(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return head ?? null;
  }

  /**
   * The head a write continues. A stream that reads as not found may have been deleted (soft delete): EventStoreDB
   * then numbers new events after its old ones (Services/Storage/ReaderIndex/IndexWriter.cs lets an expected
   * "no stream" through on a soft-deleted stream), which would break the ledger's revisions and hashes. Refused.
   */
  private async headForWrite(streamId: string): Promise<EventRecord | null> {
    const head = await this.headEvent(streamId);
    if (head) return head;
    let truncated: unknown;
    try {
      const meta = await withDeadline(
        onLeader(() => this.client.getStreamMetadata(this.stream(streamId), { requiresLeader: true })),
        this.settings.deadlineMs,
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
  private async rawEnd(deadlineMs: number): Promise<Position | null> {
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
            `EventStoreDB at ${this.description} did not answer within ${Math.round(timeoutMs / 100) / 10} s: is it running, and are host, port and tls= right?`,
          ),
      );
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new StoreUnavailableError(`EventStoreDB at ${this.description} could not be reached: ${message}`, {
        cause: err,
      });
    }
  }

  private get reads(): AppendReads {
    return { range: (s, from, n) => this.readRange(s, from, n), ids: this.ids };
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) throw new Error('the store is closed');
    if (events.length === 0) throw new RangeError('append needs at least one event');
    await this.liveStarted();
    const expected = options.expectedRevision;
    for (let attempt = 0; ; attempt += 1) {
      const head = await this.headForWrite(streamId);
      const replay = await findReplay(this.reads, streamId, events, expected, head);
      if (replay) return { ...replay, events: await this.order.place(replay.events) };
      const actual = head ? head.revision : 'no_stream';
      if (expected !== 'any' && expected !== actual) throw new ConcurrencyError(streamId, expected, actual);
      const stored = chainEvents(streamId, events, head, this.clock, this.last);
      const wire = stored.map(encodeEvent);
      checkAppendSize(
        streamId,
        stored.map((e, i) => ({ id: e.id, wire: wire[i] as JSONEventData })),
        this.settings.maxAppendSize,
      );
      try {
        // The chain was computed from this head: the server must still be there, whatever the caller expected.
        await this.write(streamId, stored, wire, head ? BigInt(head.revision) : NO_STREAM, expected);
      } catch (err) {
        if (err instanceof ConcurrencyError && expected === 'any' && attempt < MAX_ANY_RETRIES) continue;
        throw err;
      }
      const written = await readBack(this.reads, streamId, stored);
      return { ...written, events: await this.order.place(written.events) };
    }
  }

  /**
   * One append, answered within the deadline. A timed-out append may still have committed (the server's write
   * timeout does not undo it), so the place is read again before answering: there, it succeeded; not there, its
   * outcome is unknown and the caller is told to retry with the same event ids, which is safe.
   */
  private async write(
    streamId: string,
    stored: Omit<EventRecord, 'position'>[],
    wire: JSONEventData[],
    expectedRevision: AppendExpectedRevision,
    expected: AppendOptions['expectedRevision'] | number,
  ): Promise<void> {
    const noAnswer = new StoreUnavailableError('no answer');
    try {
      const result = await withDeadline(
        this.client.appendToStream(this.stream(streamId), wire, { expectedRevision, deadline: APPEND_DEADLINE_MS }),
        this.settings.deadlineMs,
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
        `EventStoreDB at ${this.description} did not confirm the append to ${streamId} in time, and it is not in the store now; it may still be written (a timed-out write is not undone): retry with the same event ids (the same Idempotency-Key), which cannot write it twice. If every append times out, check that the app's clock agrees with the server's and that the cluster has a quorum`,
        { cause: err === noAnswer ? undefined : err },
      );
    }
  }

  async restore(events: readonly EventRecord[]): Promise<{ written: number; skipped: number }> {
    if (this.closed) throw new Error('the store is closed');
    await this.liveStarted();
    return restoreEvents(events, {
      head: (s) => this.headForWrite(s),
      range: (s, from, n) => this.readRange(s, from, n),
      seenElsewhere: (id, s) => {
        const x = this.ids.get(id);
        return x && x.streamId !== s ? x.streamId : null;
      },
      sizeOf: (e) => appendSize(encodeEvent(e)),
      maxAppendSize: this.settings.maxAppendSize,
      write: async (s, run, expectedRevision) => {
        const expected = expectedRevision < 0 ? 'no_stream' : expectedRevision;
        await this.write(
          s,
          run,
          run.map(encodeEvent),
          expectedRevision < 0 ? NO_STREAM : BigInt(expectedRevision),
          expected,
        );
        for (const e of run) this.ids.remember(e.id, s, e.revision);
      },
    });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const to = options.to === undefined ? null : BigInt(options.to);
    const within = options.recordedBy === undefined ? null : recordedWithin(options.recordedBy);
    let from = options.fromRevision ?? 0;
    for (;;) {
      const page = await this.order.place(await this.readRange(streamId, from, DEFAULT_PAGE));
      for (const e of page) {
        if (to !== null && BigInt(e.position) > to) return;
        if (within === null || within(e.recordedAt)) yield e;
      }
      if (page.length < DEFAULT_PAGE) return;
      from = (page[page.length - 1] as StoredEvent).revision + 1;
    }
  }

  /** $all in position order, a page at a time, without system events or other applications' (see all.ts). */
  async *readPages(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    let after = options.after === undefined || options.after === '0' ? undefined : options.after;
    for await (const page of readLedgerPages(this.allReader(), options)) {
      yield await this.order.follow(after, page);
      after = page[page.length - 1]?.position ?? after;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    for await (const page of this.readPages(options)) yield* page;
  }

  async head(streamId: string): Promise<StreamHead | null> {
    const h = await this.headEvent(streamId);
    return h ? { revision: h.revision, hash: h.hash, position: h.position } : null;
  }

  async lastPosition(): Promise<string> {
    return (await lastLedgerEvent(this.allReader()))?.position ?? '0';
  }

  private allReader(): AllReader {
    return {
      client: this.client,
      decode: (r) => this.decodeAll(r),
      fail: (err) => this.fail(err, { readsAll: true }),
      deadlineMs: this.settings.deadlineMs,
      description: this.description,
    };
  }

  /** EventStoreDB pushes other writers' events through the subscription: nothing to poll. */
  async tail(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.next();
    this.closing.complete();
    await this.client.dispose();
  }
}

/**
 * `esdb://host:2113?tls=false` or `esdb+discover://…`, with the ledger's own `streamPrefix=` and `maxAppendSize=`
 * (see settings.ts): connects, then asks the server once before answering.
 */
export async function openEventStoreDbStore(
  url: string,
  options: EventStoreDbOptions = {},
): Promise<EventStoreDbStore> {
  const settings = parseEsdbSettings(url);
  let client: EsdbClient;
  try {
    client = options.client ?? connectEsdb(settings.connectionString);
  } catch (err) {
    throw new StoreUnavailableError(
      `store URL ${settings.description} is not a valid EventStoreDB connection string: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const store = new EventStoreDbStore(client, settings.description, {
    ...settings,
    ...options,
    streamPrefix: options.streamPrefix ?? settings.streamPrefix,
  });
  try {
    await store.probe(options.connectTimeoutMs ?? 10_000);
  } catch (err) {
    await client.dispose().catch(() => undefined);
    throw err;
  }
  return store;
}
