import {
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Observable, share, Subject, takeUntil } from 'rxjs';
import { systemClock, type Clock } from '../clock.js';
import {
  deriveOccurredAt,
  eventHash,
  GENESIS_HASH,
  SCHEMA_VERSION,
  type NewEvent,
  type StoredEvent,
} from '../events/envelope.js';
import {
  ConcurrencyError,
  DuplicateEventError,
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
import { decodeEvent, describeEsdbUrl, encodeEvent, isSystemEvent, mapEsdbError } from './eventstoredb/mapping.js';
import { lastLedgerPosition, readLedgerPages, type AllReader } from './eventstoredb/all.js';
import { restoreEvents } from './eventstoredb/restore.js';
import { IdIndex } from './eventstoredb/ids.js';

export interface EventStoreDbOptions {
  clock?: Clock;
  /** An already made client (tests give an in-memory fake); otherwise one is made from the URL. */
  client?: EsdbClient;
  /**
   * The ledger's namespace in a shared server: every stream is stored as prefix + streamId and reads see only
   * those. '' (the default) maps streams one to one. The contract suite uses one prefix per store it opens.
   */
  streamPrefix?: string;
  /** How long open() waits for the server to answer before giving up with StoreUnavailableError. */
  connectTimeoutMs?: number;
  /** First wait before live$ resubscribes after a dropped connection (doubles, up to 5 s). */
  resubscribeDelayMs?: number;
  /** How many recent event ids are remembered to refuse an id already stored in another stream. */
  idIndexSize?: number;
}

const DEFAULT_PAGE = 1000;
const MAX_ANY_RETRIES = 10;
const LIVE_START_WAIT_MS = 5_000;

/**
 * The EventStoreDB / KurrentDB adapter (DESIGN §4) on @eventstore/db-client 6. Streams map one to one, position is
 * the commit position, the envelope rides in each event's metadata and its hashes are computed here from the
 * stream's head, exactly as on SQLite, so a ledger moves between stores with every hash intact.
 */
export class EventStoreDbStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  readonly densePositions = false;
  readonly live$: Observable<StoredEvent>;
  private readonly clock: Clock;
  private readonly prefix: string;
  private readonly ids: IdIndex;
  private readonly closing = new Subject<void>();
  private closed = false;
  private lastRecordedAt = '';
  /**
   * While live$ is starting, appends wait until its start position is known, so none is missed; at most
   * LIVE_START_WAIT_MS, so a subscription that cannot start (server down) never holds writes back.
   */
  private liveReady: Promise<void> | null = null;

  constructor(
    private readonly client: EsdbClient,
    readonly description: string,
    options: EventStoreDbOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.prefix = options.streamPrefix ?? '';
    this.ids = new IdIndex(options.idIndexSize ?? 100_000);
    this.live$ = new Observable<StoredEvent>((subscriber) => {
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
        end: () => this.rawEnd(),
        decode: (r) => this.decodeAll(r),
        onReady: () => ready(),
      }).subscribe(subscriber);
      return () => {
        ready();
        sub.unsubscribe();
      };
    }).pipe(takeUntil(this.closing), share());
  }

  private stream(streamId: string): string {
    return this.prefix + streamId;
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

  private fail(
    err: unknown,
    context: { streamId?: string; expected?: AppendOptions['expectedRevision'] } = {},
  ): unknown {
    return mapEsdbError(err, { description: this.description, ...context });
  }

  /** A recorded event of $all, or null when it is a system event or another namespace's. */
  private decodeAll(r: AllStreamResolvedEvent): StoredEvent | null {
    const ev = r.event;
    if (!ev || isSystemEvent(ev.streamId, ev.type) || !ev.streamId.startsWith(this.prefix)) return null;
    const e = decodeEvent(ev, ev.position, this.prefix);
    this.ids.remember(e.id, e.streamId, e.revision);
    return e;
  }

  private decodeOne(r: ResolvedEvent): StoredEvent | null {
    const ev = r.event;
    return ev ? decodeEvent(ev, ev.position, this.prefix) : null;
  }

  /** Events of a stream from a revision, at most maxCount (forwards), [] when the stream does not exist. */
  private async readRange(streamId: string, from: number, maxCount: number): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    try {
      for await (const r of this.client.readStream(this.stream(streamId), {
        fromRevision: BigInt(from),
        direction: FORWARDS,
        maxCount,
      })) {
        const e = this.decodeOne(r);
        if (e) out.push(e);
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return [];
      throw this.fail(err, { streamId });
    }
    return out;
  }

  private async headEvent(streamId: string): Promise<StoredEvent | null> {
    try {
      for await (const r of this.client.readStream(this.stream(streamId), {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount: 1,
      })) {
        return this.decodeOne(r);
      }
    } catch (err) {
      if (err instanceof StreamNotFoundError) return null;
      throw this.fail(err, { streamId });
    }
    return null;
  }

  /** Position of the last record of $all (any event, system ones too), or null for an empty database. */
  private async rawEnd(): Promise<Position | null> {
    try {
      for await (const r of this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) {
        return r.event?.position ?? null;
      }
    } catch (err) {
      throw this.fail(err);
    }
    return null;
  }

  /** open() asks the server once, within a deadline, so `journey serve` fails at once with what it tried. */
  async probe(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new StoreUnavailableError(
              `EventStoreDB at ${this.description} did not answer within ${Math.round(timeoutMs / 100) / 10} s: is it running, and are host, port and tls= right?`,
            ),
          ),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.rawEnd(), timeout]);
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new StoreUnavailableError(`EventStoreDB at ${this.description} could not be reached: ${message}`, {
        cause: err,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) throw new Error('the store is closed');
    if (events.length === 0) throw new RangeError('append needs at least one event');
    await this.liveStarted();
    const expected = options.expectedRevision;
    for (let attempt = 0; ; attempt += 1) {
      const head = await this.headEvent(streamId);
      const replay = await this.findReplay(streamId, events, expected, head);
      if (replay) return replay;
      const actual = head ? head.revision : 'no_stream';
      if (expected !== 'any' && expected !== actual) throw new ConcurrencyError(streamId, expected, actual);
      const stored = this.chain(streamId, events, head);
      try {
        await this.client.appendToStream(this.stream(streamId), stored.map(encodeEvent), {
          // The chain was computed from this head: the server must still be there, whatever the caller expected.
          expectedRevision: head ? BigInt(head.revision) : NO_STREAM,
        });
      } catch (err) {
        const mapped = this.fail(err, { streamId, expected });
        if (mapped instanceof ConcurrencyError && expected === 'any' && attempt < MAX_ANY_RETRIES) continue;
        throw mapped;
      }
      return this.readBack(streamId, stored);
    }
  }

  /** The hash chain of new events after the stream's head; recordedAt never goes backwards in this stream or process. */
  private chain(streamId: string, events: NewEvent[], head: StoredEvent | null): Omit<StoredEvent, 'position'>[] {
    let recordedAt = this.clock.now().toISOString();
    for (const t of [head?.recordedAt ?? '', this.lastRecordedAt]) if (t > recordedAt) recordedAt = t;
    this.lastRecordedAt = recordedAt;
    let prevHash = head ? head.hash : GENESIS_HASH;
    let revision = head ? head.revision : -1;
    return events.map((e) => {
      revision += 1;
      const partial = {
        id: e.id,
        type: e.type,
        streamId,
        revision,
        recordedAt,
        occurredAt: e.occurredAt ?? deriveOccurredAt(e.type, e.data, recordedAt),
        actor: e.actor,
        data: e.data,
        schemaVersion: e.schemaVersion ?? SCHEMA_VERSION,
        prevHash,
        ...(e.correlationId !== undefined ? { correlationId: e.correlationId } : {}),
        ...(e.causationId !== undefined ? { causationId: e.causationId } : {}),
      } as Omit<StoredEvent, 'position' | 'hash'>;
      const hash = eventHash(partial);
      prevHash = hash;
      return { ...partial, hash } as Omit<StoredEvent, 'position'>;
    });
  }

  /** The appended events as the server holds them, with their positions (stream reads carry them since 22.6). */
  private async readBack(streamId: string, stored: Omit<StoredEvent, 'position'>[]): Promise<AppendResult> {
    const first = stored[0] as Omit<StoredEvent, 'position'>;
    const events = await this.readRange(streamId, first.revision, stored.length);
    const same = events.length === stored.length && events.every((e, i) => e.id === stored[i]?.id);
    if (!same) throw new DuplicateEventError(first.id, streamId);
    for (const e of events) this.ids.remember(e.id, streamId, e.revision);
    const replayed = events.some((e, i) => e.hash !== stored[i]?.hash);
    const last = events[events.length - 1] as StoredEvent;
    return { streamId, revision: last.revision, position: last.position, events, replayed };
  }

  /**
   * An idempotent retry: every id already stored, in order, where this call would have put it (DESIGN §4). The place
   * is where the ids were seen, else where the expected revision points, else (for 'any') the stream's tail.
   * An id known to be stored in another stream is refused before anything is written.
   */
  private async findReplay(
    streamId: string,
    events: NewEvent[],
    expected: AppendOptions['expectedRevision'],
    head: StoredEvent | null,
  ): Promise<AppendResult | null> {
    for (const e of events) {
      const seen = this.ids.get(e.id);
      if (seen && seen.streamId !== streamId) throw new DuplicateEventError(e.id, seen.streamId);
    }
    if (!head) return null;
    const first = events[0] as NewEvent;
    const k = events.length;
    const seen = this.ids.get(first.id);
    const place = seen
      ? seen.revision
      : typeof expected === 'number'
        ? head.revision > expected
          ? expected + 1
          : null
        : expected === 'no_stream'
          ? 0
          : head.revision + 1 >= k
            ? head.revision + 1 - k
            : null;
    if (place === null) return null;
    const there = await this.readRange(streamId, place, k);
    const matches = there.filter((e, i) => e.id === events[i]?.id).length;
    if (matches === k && there.length === k) {
      const last = there[k - 1] as StoredEvent;
      return { streamId, revision: last.revision, position: last.position, events: there, replayed: true };
    }
    if (matches > 0 || seen) throw new DuplicateEventError(first.id, streamId);
    return null;
  }

  async restore(events: StoredEvent[]): Promise<{ written: number; skipped: number }> {
    if (this.closed) throw new Error('the store is closed');
    await this.liveStarted();
    return restoreEvents(events, {
      head: (s) => this.headEvent(s),
      range: (s, from, n) => this.readRange(s, from, n),
      seenElsewhere: (id, s) => {
        const x = this.ids.get(id);
        return x && x.streamId !== s ? x.streamId : null;
      },
      write: async (s, run, expectedRevision) => {
        try {
          await this.client.appendToStream(this.stream(s), run.map(encodeEvent), {
            expectedRevision: expectedRevision < 0 ? NO_STREAM : BigInt(expectedRevision),
          });
        } catch (err) {
          throw this.fail(err, { streamId: s, expected: expectedRevision < 0 ? 'no_stream' : expectedRevision });
        }
        for (const e of run) this.ids.remember(e.id, s, e.revision);
      },
    });
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const to = options.to === undefined ? null : BigInt(options.to);
    const within = options.recordedBy === undefined ? null : recordedWithin(options.recordedBy);
    let from = options.fromRevision ?? 0;
    for (;;) {
      const page = await this.readRange(streamId, from, DEFAULT_PAGE);
      for (const e of page) {
        if (to !== null && BigInt(e.position) > to) return;
        if (within === null || within(e.recordedAt)) yield e;
      }
      if (page.length < DEFAULT_PAGE) return;
      from = (page[page.length - 1] as StoredEvent).revision + 1;
    }
  }

  /** $all in position order, a page at a time, without system events or other namespaces (see all.ts). */
  readPages(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    return readLedgerPages(this.allReader(), options);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    for await (const page of this.readPages(options)) yield* page;
  }

  async head(streamId: string): Promise<StreamHead | null> {
    const h = await this.headEvent(streamId);
    return h ? { revision: h.revision, hash: h.hash, position: h.position } : null;
  }

  async lastPosition(): Promise<string> {
    return lastLedgerPosition(this.allReader());
  }

  private allReader(): AllReader {
    return { client: this.client, decode: (r) => this.decodeAll(r), fail: (err) => this.fail(err) };
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

/** `esdb://host:2113?tls=false` or `esdb+discover://…`: connects, then asks the server once before answering. */
export async function openEventStoreDbStore(
  url: string,
  options: EventStoreDbOptions = {},
): Promise<EventStoreDbStore> {
  const description = describeEsdbUrl(url);
  let client: EsdbClient;
  try {
    client = options.client ?? connectEsdb(url);
  } catch (err) {
    throw new StoreUnavailableError(
      `store URL ${description} is not a valid EventStoreDB connection string: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const store = new EventStoreDbStore(client, description, options);
  try {
    await store.probe(options.connectTimeoutMs ?? 10_000);
  } catch (err) {
    await client.dispose().catch(() => undefined);
    throw err;
  }
  return store;
}
