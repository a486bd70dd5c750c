import {
  ANY,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type Filter,
  type JSONEventData,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type Direction,
  type ResolvedEvent,
  type AllStreamRecordedEvent,
} from '@eventstore/db-client';
import type { EsdbClient, LiveFeed } from '../../src/store/eventstoredb/client.js';

/**
 * An in-memory stand-in for EventStoreDB behind the adapter's client interface, written from the client's
 * documented behaviour: UUID event ids; WrongExpectedVersionError / StreamNotFoundError / UnavailableError are
 * the client's own classes; reads from a position include it; data and metadata go through JSON like on the wire;
 * $all holds system events ($stats…, links) between ours; positions start above 2^53 so nothing survives a
 * Number conversion. It is not EventStoreDB: the live suite (EVENTSTORE_CONNECTION_STRING) is the real check.
 */
interface Rec {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
  position: Position;
  created: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class FakeEsdb implements EsdbClient {
  readonly log: Rec[] = [];
  private next = 2n ** 53n + 1000n;
  private wake: (() => void)[] = [];
  private dropError: Error | null = null;
  /** When set, every call fails as if the server could not be reached. */
  unavailable = false;
  appendCalls = 0;
  subscriptions = 0;
  disposed = false;

  constructor() {
    this.system('$stats-127.0.0.1:2113', '$statsCollected');
  }

  /** A system event in $all (stats, stream metadata, links): the adapter must never show these. */
  system(streamId: string, type: string): void {
    this.push({ streamId, id: crypto.randomUUID(), type, data: '{}', metadata: '{}' }, this.revisionOf(streamId) + 1n);
  }

  /** Drop every live subscription, as a lost connection does. */
  dropConnections(): void {
    this.dropError = new UnavailableError(undefined, 'connection dropped');
    this.notify();
    this.dropError = null;
  }

  private check(): void {
    if (this.unavailable) throw new UnavailableError(undefined, '14 UNAVAILABLE: No connection established');
  }

  private revisionOf(streamId: string): bigint {
    let r = -1n;
    for (const e of this.log) if (e.streamId === streamId) r = e.revision;
    return r;
  }

  private push(r: Omit<Rec, 'revision' | 'position' | 'created'>, revision: bigint): Rec {
    const position = { commit: this.next, prepare: this.next };
    this.next += BigInt(r.data.length + r.metadata.length + 100);
    const rec = { ...r, revision, position, created: new Date(0) };
    this.log.push(rec);
    return rec;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = [];
    for (const f of w) f();
  }

  async appendToStream(
    streamName: string,
    events: JSONEventData[],
    options: { expectedRevision: AppendExpectedRevision },
  ): Promise<AppendResult> {
    this.check();
    this.appendCalls += 1;
    await new Promise((r) => setImmediate(r)); // concurrent appends interleave, as over the network
    const current = this.revisionOf(streamName);
    const expected = options.expectedRevision;
    for (const e of events) if (!UUID.test(e.id)) throw new Error(`Invalid UUID ${e.id}`);
    // The server's own idempotence: the same ids at the expected place are acknowledged without writing.
    if (typeof expected === 'bigint' || expected === NO_STREAM) {
      const from = expected === NO_STREAM ? 0n : expected + 1n;
      const there = this.log.filter((e) => e.streamId === streamName && e.revision >= from).slice(0, events.length);
      if (there.length === events.length && there.every((e, i) => e.id === events[i]?.id)) {
        const last = there[there.length - 1] as Rec;
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
    }
    const ok =
      expected === ANY ||
      (expected === NO_STREAM && current === -1n) ||
      (expected === STREAM_EXISTS && current >= 0n) ||
      expected === current;
    if (!ok) {
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected,
        current: current < 0n ? NO_STREAM : current,
      });
    }
    let revision = current;
    let last: Rec | undefined;
    for (const e of events) {
      revision += 1n;
      last = this.push(
        {
          streamId: streamName,
          id: e.id,
          type: e.type,
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata ?? {}),
        },
        revision,
      );
    }
    // A system event lands between ours now and then, as the server's own stats do.
    if (this.log.length % 3 === 0) this.system('$stats-127.0.0.1:2113', '$statsCollected');
    this.notify();
    return { success: true, nextExpectedRevision: revision, position: (last as Rec).position };
  }

  private toRecorded(r: Rec): AllStreamRecordedEvent {
    return {
      streamId: r.streamId,
      id: r.id,
      revision: r.revision,
      type: r.type,
      created: r.created,
      isJson: true,
      data: JSON.parse(r.data) as Record<string, unknown>,
      metadata: JSON.parse(r.metadata) as Record<string, unknown>,
      position: r.position,
    };
  }

  async *readStream(
    streamName: string,
    options: { fromRevision?: ReadRevision; direction?: Direction; maxCount?: number | bigint },
  ): AsyncIterable<ResolvedEvent> {
    this.check();
    await Promise.resolve();
    let events = this.log.filter((e) => e.streamId === streamName);
    if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const from = options.fromRevision ?? START;
    const backwards = options.direction === 'backwards';
    if (backwards) {
      events = events.reverse().filter((e) => from === END || from === START || e.revision <= from);
    } else {
      events = events.filter((e) => (from === START || from === END ? from === START : e.revision >= from));
    }
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    for (const e of events.slice(0, max)) yield { event: this.toRecorded(e), commitPosition: e.position.commit };
  }

  async *readAll(options: {
    fromPosition?: ReadPosition;
    direction?: Direction;
    maxCount?: number | bigint;
  }): AsyncIterable<AllStreamResolvedEvent> {
    this.check();
    await Promise.resolve();
    const from = options.fromPosition ?? START;
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const at = (p: Position) => (from === START || from === END ? null : p.commit - from.commit);
    const events =
      options.direction === 'backwards'
        ? [...this.log].reverse().filter((e) => from === END || (at(e.position) ?? 0n) <= 0n)
        : this.log.filter((e) => from === START || (from !== END && (at(e.position) ?? 0n) >= 0n));
    for (const e of events.slice(0, max)) yield { event: this.toRecorded(e), commitPosition: e.position.commit };
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter }): LiveFeed {
    this.check();
    this.subscriptions += 1;
    const from = options.fromPosition ?? START;
    let index =
      from === START ? 0 : from === END ? this.log.length : this.log.findIndex((e) => e.position.commit >= from.commit);
    if (index < 0) index = this.log.length;
    const regex = options.filter && 'regex' in options.filter ? new RegExp(options.filter.regex) : null;
    let stopped = false;
    let stop = () => {};
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the generator below reads the live log
    const self = this;
    async function* events(): AsyncGenerator<AllStreamResolvedEvent> {
      for (;;) {
        while (index < self.log.length) {
          const e = self.log[index++] as Rec;
          if (regex && !regex.test(e.type)) continue;
          yield { event: self.toRecorded(e), commitPosition: e.position.commit };
        }
        if (stopped) return;
        const dropped = await new Promise<Error | null>((resolve) => {
          stop = () => resolve(null);
          self.wake.push(() => resolve(self.dropError));
        });
        if (dropped) throw dropped;
        if (stopped) return;
      }
    }
    const it = events();
    return {
      [Symbol.asyncIterator]: () => it,
      unsubscribe: async () => {
        stopped = true;
        stop();
      },
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.dropError = null;
    this.notify();
  }
}
