import { NO_STREAM, type JSONEventData } from '@eventstore/db-client';
import { concatMap, from, Observable, share, Subject, takeUntil } from 'rxjs';
import { systemClock, type Clock } from '../clock.js';
import type { EventRecord, NewEvent, StoredEvent } from '../events/envelope.js';
import {
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
import { encodeEvent } from './eventstoredb/mapping.js';
import { lastLedgerEvent, readLedgerPages } from './eventstoredb/all.js';
import { chainEvents, findReplay, readBack } from './eventstoredb/append.js';
import { restoreEvents } from './eventstoredb/restore.js';
import { DEFAULT_DEADLINE_MS, parseEsdbSettings } from './eventstoredb/settings.js';
import { appendSize, checkAppendSize, MAX_APPEND_SIZE } from './eventstoredb/size.js';
import { LedgerOrder, orderedTree } from './eventstoredb/ledger-order.js';
import { EsdbStreams } from './eventstoredb/streams.js';
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
  /** The calls to the server, within the deadline, errors mapped (eventstoredb/streams.ts). */
  private readonly streams: EsdbStreams;
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
    this.streams = new EsdbStreams({
      client,
      description,
      streamPrefix: this.settings.streamPrefix,
      deadlineMs: this.settings.deadlineMs,
      idIndexSize: options.idIndexSize ?? 100_000,
    });
    this.order = new LedgerOrder((after) =>
      readLedgerPages(this.streams.allReader(), { pageSize: DEFAULT_PAGE, ...(after === undefined ? {} : { after }) }),
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
        end: () => this.streams.rawEnd(this.settings.deadlineMs),
        decode: (r) => this.streams.decodeAll(r),
        fail: (err) => this.streams.fail(err, { readsAll: true }),
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

  /** open() asks the server once, within a deadline, so `journey serve` fails at once with what it tried. */
  probe(timeoutMs: number): Promise<void> {
    return this.streams.probe(timeoutMs);
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) throw new Error('the store is closed');
    if (events.length === 0) throw new RangeError('append needs at least one event');
    await this.liveStarted();
    const expected = options.expectedRevision;
    for (let attempt = 0; ; attempt += 1) {
      const head = await this.streams.headForWrite(streamId);
      const replay = await findReplay(this.streams.reads, streamId, events, expected, head);
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
        await this.streams.write(streamId, stored, wire, head ? BigInt(head.revision) : NO_STREAM, expected);
      } catch (err) {
        if (err instanceof ConcurrencyError && expected === 'any' && attempt < MAX_ANY_RETRIES) continue;
        throw err;
      }
      const written = await readBack(this.streams.reads, streamId, stored);
      return { ...written, events: await this.order.place(written.events) };
    }
  }

  async restore(events: readonly EventRecord[]): Promise<{ written: number; skipped: number }> {
    if (this.closed) throw new Error('the store is closed');
    await this.liveStarted();
    return restoreEvents(events, {
      head: (s) => this.streams.headForWrite(s),
      range: (s, from, n) => this.streams.readRange(s, from, n),
      seenElsewhere: (id, s) => {
        const x = this.streams.ids.get(id);
        return x && x.streamId !== s ? x.streamId : null;
      },
      sizeOf: (e) => appendSize(encodeEvent(e)),
      maxAppendSize: this.settings.maxAppendSize,
      write: async (s, run, expectedRevision) => {
        const expected = expectedRevision < 0 ? 'no_stream' : expectedRevision;
        await this.streams.write(
          s,
          run,
          run.map(encodeEvent),
          expectedRevision < 0 ? NO_STREAM : BigInt(expectedRevision),
          expected,
        );
        for (const e of run) this.streams.ids.remember(e.id, s, e.revision);
      },
    });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const to = options.to === undefined ? null : BigInt(options.to);
    const within = options.recordedBy === undefined ? null : recordedWithin(options.recordedBy);
    let from = options.fromRevision ?? 0;
    for (;;) {
      const page = await this.order.place(await this.streams.readRange(streamId, from, DEFAULT_PAGE));
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
    for await (const page of readLedgerPages(this.streams.allReader(), options)) {
      yield await this.order.follow(after, page);
      after = page[page.length - 1]?.position ?? after;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    for await (const page of this.readPages(options)) yield* page;
  }

  async head(streamId: string): Promise<StreamHead | null> {
    const h = await this.streams.headEvent(streamId);
    return h ? { revision: h.revision, hash: h.hash, position: h.position } : null;
  }

  async lastPosition(): Promise<string> {
    return (await lastLedgerEvent(this.streams.allReader()))?.position ?? '0';
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
