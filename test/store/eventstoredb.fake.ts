import {
  ANY,
  BACKWARDS,
  DeadlineExceededError,
  END,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type Direction,
  type Filter,
  type GetStreamMetadataResult,
  type JSONEventData,
  type Position,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { EsdbClient, EsdbRead, LiveFeed } from '../../src/store/eventstoredb/client.js';
import {
  DELETED_STREAM,
  MAX_APPEND_SIZE,
  NO_POSITION,
  WRITE_TIMEOUT_MS,
  accessDenied,
  appendSizeOf,
  invalidPosition,
  notLeader,
  recordSize,
  unavailable,
  type Rec,
  type SizeRule,
} from './eventstoredb.fake-server.js';

export interface FakeEsdbOptions {
  /** Which server version's append-size rule applies (see eventstoredb.fake-server.ts). Default 24.10. */
  sizeRule?: SizeRule;
  maxAppendSize?: number;
  /** A user outside $admins may not read $all (nor subscribe to it). */
  user?: 'admin' | 'ops';
  /** The connection string's throwOnAppendFailure (the client's default: true). */
  throwOnAppendFailure?: boolean;
  /** The connection string's defaultDeadline (the client's default: 10 s). */
  clientDefaultDeadlineMs?: number;
  /** How far the server's clock is ahead of the app's. */
  serverClockAheadMs?: number;
}

type StreamState = { last: bigint; truncateBefore?: bigint };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * An in-memory stand-in for an EventStoreDB server behind the client interface the adapter uses, as strict as the
 * server (each rule is cited in eventstoredb.fake-server.ts): byte-offset positions from near 0, refused reads from
 * any position that is not a record boundary, exclusive start for backward reads and subscriptions, the maximum
 * append size under the 24.10 or 25 rule, the write timeout and a commit that lands anyway, followers that lag
 * and answer NotLeader to requires-leader calls, soft-deleted streams that carry on numbering, events without a
 * position in stream reads, other applications' events and links in $all, $all for $admins only, and the client's
 * own error classes. It is not EventStoreDB: the live suite (EVENTSTORE_CONNECTION_STRING) is the real check.
 */
export class FakeEsdb implements EsdbClient {
  readonly log: Rec[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly at = new Map<bigint, number>(); // record position → index in the log
  private end = 0n;
  private wake: (() => void)[] = [];
  private dropError: Error | null = null;
  private pendingWrites: (() => void)[] = [];
  private readonly options: Required<FakeEsdbOptions>;

  /** Every call fails as if the server could not be reached. */
  unavailable = false;
  /** Every call waits for an answer that never comes (a wedged server or network). */
  hang = false;
  /** Subscriptions are never confirmed (nor fed); other calls are answered. */
  subscriptionsHang = false;
  /** After this many more appends the server becomes unreachable (a crash or a kill part-way through). */
  unavailableAfterAppends: number | null = null;
  /** The node the client is connected to; a follower serves only what it has replicated. */
  connectedTo: 'leader' | 'follower' = 'leader';
  /** While true, new records reach the leader only: the follower lags. */
  followerLags = false;
  private replicated = 0;
  /** The next append times out (DeadlineExceededError): committed before the answer, later, or never. */
  nextAppendTimesOut: 'committed' | 'lands-later' | 'never' | null = null;
  appendCalls = 0;
  subscriptions = 0;
  /** Every $all read: direction and where it started (the adapter must never invent a position). */
  readonly allReads: { direction: Direction; from: string }[] = [];
  disposed = false;

  constructor(options: FakeEsdbOptions = {}) {
    this.options = {
      sizeRule: options.sizeRule ?? '24.10',
      maxAppendSize: options.maxAppendSize ?? MAX_APPEND_SIZE,
      user: options.user ?? 'admin',
      throwOnAppendFailure: options.throwOnAppendFailure ?? true,
      clientDefaultDeadlineMs: options.clientDefaultDeadlineMs ?? 10_000,
      serverClockAheadMs: options.serverClockAheadMs ?? 0,
    };
    // A new database: the epoch record at 0 (not an event), then the server's own events.
    this.push({ kind: 'system-record', streamId: '', type: '', data: '', metadata: '', isJson: false }, -1n);
    this.system('$epoch-information', '$epoch-information');
    this.system('$stats-127.0.0.1:2113', '$statsCollected');
  }

  // ── what tests do to the server ─────────────────────────────────────────────────────────────────
  /** A system event in $all (stats, stream metadata…): the adapter must never show these. */
  system(streamId: string, type: string): void {
    this.write(streamId, [{ type, data: '{}', metadata: '{}', isJson: true }]);
  }

  /** Another application's event in a user stream of the same server (any type, JSON or not). */
  foreign(streamId: string, type: string, data: unknown, options: { json?: boolean; metadata?: unknown } = {}): void {
    const json = options.json ?? true;
    const text = json ? JSON.stringify(data) : String(data);
    const metadata = options.metadata === undefined ? '' : JSON.stringify(options.metadata);
    this.write(streamId, [{ type, data: text, metadata, isJson: json }]);
  }

  /** A link event (type $>, data "revision@stream") in a user stream, as projections and other apps write. */
  link(streamId: string, target: { streamId: string; revision: number }): void {
    this.write(streamId, [{ type: '$>', data: `${target.revision}@${target.streamId}`, metadata: '', isJson: false }]);
  }

  /** An event committed by a separate commit record (old TCP client): stream reads carry no position. */
  legacy(streamId: string, e: JSONEventData): void {
    this.write(streamId, [this.fromProposed(e)], false);
  }

  /** A soft delete (client.deleteStream): $tb = long.MaxValue in the stream's metadata; the events stay in $all. */
  softDelete(streamName: string): void {
    const s = this.streams.get(streamName);
    if (!s || s.last < 0n) throw new Error(`${streamName} does not exist`);
    this.setTruncateBefore(streamName, DELETED_STREAM);
  }

  /** Drop every live subscription, as a lost connection does. */
  dropConnections(): void {
    this.dropError = unavailable('connection dropped');
    this.notify();
    this.dropError = null;
  }

  /** The follower receives everything the leader has. */
  catchUpFollower(): void {
    this.replicated = this.log.length;
    this.notify();
  }

  /** Writes that timed out but were still on their way land now. */
  landPendingWrites(): void {
    for (const w of this.pendingWrites.splice(0)) w();
  }

  /** Where the log ends now (the writer checkpoint): a boundary a read may start from. */
  get endPosition(): bigint {
    return this.end;
  }

  // ── the log ─────────────────────────────────────────────────────────────────────────────────────
  private push(
    r: Omit<Rec, 'position' | 'size' | 'created' | 'selfCommitted' | 'revision' | 'id'>,
    revision: bigint,
    id: string = crypto.randomUUID(),
    selfCommitted = true,
  ): Rec {
    const size = recordSize(r);
    const rec: Rec = { ...r, id, revision, position: this.end, size, created: new Date(0), selfCommitted };
    this.at.set(rec.position, this.log.length);
    this.log.push(rec);
    this.end += size;
    if (!this.followerLags) this.replicated = this.log.length;
    return rec;
  }

  private write(
    streamId: string,
    events: { id?: string; type: string; data: string; metadata: string; isJson: boolean }[],
    selfCommitted = true,
  ): Rec {
    const s = this.streams.get(streamId) ?? { last: -1n };
    this.streams.set(streamId, s);
    let last: Rec | undefined;
    for (const e of events) {
      s.last += 1n;
      last = this.push({ kind: 'event', streamId, ...e }, s.last, e.id, selfCommitted);
    }
    this.notify();
    return last as Rec;
  }

  private setTruncateBefore(streamName: string, tb: bigint): void {
    const s = this.streams.get(streamName) as StreamState;
    s.truncateBefore = tb;
    this.write(`$$${streamName}`, [
      { type: '$metadata', data: `{"$tb":${tb.toString()}}`, metadata: '', isJson: true },
    ]);
  }

  private visible(): Rec[] {
    return this.connectedTo === 'follower' ? this.log.slice(0, this.replicated) : this.log;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = [];
    for (const f of w) f();
  }

  /** Every call starts here: the network, the wedge, and routing of requires-leader calls. */
  private async answer(requiresLeader = false): Promise<void> {
    await new Promise((r) => setImmediate(r)); // calls interleave, as over the network
    if (this.unavailable) throw unavailable();
    if (this.hang) await new Promise<never>(() => undefined);
    if (requiresLeader && this.connectedTo === 'follower') {
      this.connectedTo = 'leader'; // the client reconnects to the leader the error names
      throw notLeader('node1.ledger.internal', 2113);
    }
  }

  private fromProposed(e: JSONEventData): {
    id: string;
    type: string;
    data: string;
    metadata: string;
    isJson: boolean;
  } {
    return {
      id: e.id,
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: e.metadata === undefined ? '' : JSON.stringify(e.metadata),
      isJson: true,
    };
  }

  // ── appends (Streams.BatchAppend.cs and IndexWriter.CheckCommit) ────────────────────────────────
  async appendToStream(
    streamName: string,
    events: JSONEventData[],
    options: { expectedRevision: AppendExpectedRevision; deadline?: number; requiresLeader?: boolean },
  ): Promise<AppendResult> {
    if (this.unavailableAfterAppends !== null && this.unavailableAfterAppends-- <= 0) this.unavailable = true;
    await this.answer(options.requiresLeader);
    this.appendCalls += 1;
    const requested = options.deadline ?? this.options.clientDefaultDeadlineMs;
    if (Math.min(requested - this.options.serverClockAheadMs, WRITE_TIMEOUT_MS) <= 0) throw new DeadlineExceededError();
    let size = 0;
    for (const e of events) size += appendSizeOf(e, this.options.sizeRule);
    if (size > this.options.maxAppendSize)
      throw MaxAppendSizeExceededError.fromMaxAppendSize(this.options.maxAppendSize);
    for (const e of events) if (!UUID.test(e.id)) throw new Error(`Invalid UUID ${e.id}`);

    const s = this.streams.get(streamName);
    const current = s?.last ?? -1n;
    const softDeleted = s?.truncateBefore === DELETED_STREAM;
    const expected = options.expectedRevision;
    const decision = this.checkCommit(streamName, events, expected, current, softDeleted);
    if (decision.kind === 'idempotent') {
      return { success: true, nextExpectedRevision: decision.last.revision, position: pos(decision.last.position) };
    }
    if (decision.kind === 'deleted') throw StreamDeletedError.fromStreamName(streamName);
    if (decision.kind === 'wrong') {
      if (!this.options.throwOnAppendFailure)
        return { success: false, nextExpectedRevision: current, position: undefined };
      throw new WrongExpectedVersionError(undefined, {
        streamName,
        expected,
        current: current < 0n ? NO_STREAM : current,
      });
    }
    const commit = (): Rec => {
      const last = this.write(
        streamName,
        events.map((e) => this.fromProposed(e)),
      );
      if (softDeleted) this.setTruncateBefore(streamName, current + 1n); // SoftUndeleteStream
      // A system event lands between ours now and then, as the server's own stats do.
      if (this.log.length % 3 === 0) this.system('$stats-127.0.0.1:2113', '$statsCollected');
      return last;
    };
    const timesOut = this.nextAppendTimesOut;
    this.nextAppendTimesOut = null;
    if (timesOut === 'committed') commit();
    if (timesOut === 'lands-later') this.pendingWrites.push(() => void commit());
    if (timesOut !== null) throw new DeadlineExceededError();
    const last = commit();
    return { success: true, nextExpectedRevision: last.revision, position: pos(last.position) };
  }

  private checkCommit(
    streamName: string,
    events: JSONEventData[],
    expected: AppendExpectedRevision,
    current: bigint,
    softDeleted: boolean,
  ): { kind: 'ok' | 'wrong' | 'deleted' } | { kind: 'idempotent'; last: Rec } {
    const mine = this.log.filter((r) => r.kind === 'event' && r.streamId === streamName);
    const ids = new Map(mine.map((r) => [r.id, r]));
    if (expected === STREAM_EXISTS && softDeleted) return { kind: 'deleted' };
    if (expected === STREAM_EXISTS && current < 0n) return { kind: 'wrong' };
    if (expected === ANY || expected === STREAM_EXISTS) {
      // The ids already in this stream, in order: a retry (the server keeps recent ids for this check).
      const found = events.map((e) => ids.get(e.id));
      if (found[0] === undefined) return { kind: 'ok' };
      if (found.every((r) => r !== undefined)) return { kind: 'idempotent', last: found[found.length - 1] as Rec };
      return { kind: 'wrong' };
    }
    const exp = expected === NO_STREAM ? -1n : expected;
    if (exp < current) {
      for (const [i, e] of events.entries()) {
        const there = mine.find((r) => r.revision === exp + 1n + BigInt(i));
        if (there?.id === e.id) continue;
        if (i === 0 && expected === NO_STREAM && softDeleted) return { kind: 'ok' };
        return { kind: 'wrong' };
      }
      return { kind: 'idempotent', last: mine.find((r) => r.revision === exp + BigInt(events.length)) as Rec };
    }
    return exp === current ? { kind: 'ok' } : { kind: 'wrong' };
  }

  // ── reads ───────────────────────────────────────────────────────────────────────────────────────
  private toRecorded(r: Rec, inAll: boolean): AllStreamRecordedEvent {
    const p = inAll || r.selfCommitted ? r.position : NO_POSITION;
    const parse = (s: string): unknown => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        return Buffer.from(s, 'utf8');
      }
    };
    return {
      streamId: r.streamId,
      id: r.id,
      revision: r.revision,
      type: r.type,
      created: r.created,
      isJson: r.isJson,
      data: r.isJson ? parse(r.data) : Buffer.from(r.data, 'utf8'),
      metadata: r.metadata === '' ? undefined : parse(r.metadata),
      position: { commit: p, prepare: p },
    } as AllStreamRecordedEvent;
  }

  private streaming<T>(body: () => AsyncGenerator<T>): EsdbRead<T> {
    return { [Symbol.asyncIterator]: body, cancel: async () => undefined };
  }

  /**
   * Where a read of $all from `from` starts in the visible log, or refused (InvalidPosition) when `from` is not a
   * record boundary. Forward reads past the end read nothing (StorageReaderWorker.cs / AllReader.cs).
   */
  private startIndex(log: Rec[], from: Position, forwards: boolean): number {
    const end = log.length === 0 ? 0n : (log[log.length - 1] as Rec).position + (log[log.length - 1] as Rec).size;
    if (from.commit === end || (forwards && from.commit > end)) return log.length;
    const i = this.at.get(from.commit);
    if (i === undefined || i >= log.length) throw invalidPosition();
    return i;
  }

  readAll(options: {
    fromPosition?: ReadPosition;
    direction?: Direction;
    maxCount?: number | bigint;
    requiresLeader?: boolean;
  }): EsdbRead<AllStreamResolvedEvent> {
    const from = options.fromPosition ?? START;
    const backwards = options.direction === BACKWARDS;
    this.allReads.push({
      direction: backwards ? BACKWARDS : 'forwards',
      from: typeof from === 'string' ? from : from.commit.toString(),
    });
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return this.streaming(
      async function* (this: FakeEsdb) {
        await this.answer(options.requiresLeader);
        if (this.options.user !== 'admin') throw accessDenied();
        const log = this.visible();
        let picked: Rec[];
        if (backwards) {
          const i = from === END ? log.length : from === START ? 0 : this.startIndex(log, from, false);
          picked = log.slice(0, i).reverse(); // exclusive: records that end at or before the position
        } else {
          const i = from === START ? 0 : from === END ? log.length : this.startIndex(log, from, true);
          picked = log
            .slice(i)
            .filter((r) => typeof from === 'string' || r.position > from.commit || r.position >= from.prepare);
        }
        let n = 0;
        for (const r of picked) {
          if (r.kind !== 'event') continue;
          if (n++ >= max) return;
          yield { event: this.toRecorded(r, true), commitPosition: r.position };
        }
      }.bind(this),
    );
  }

  private streamRecords(streamName: string): Rec[] {
    const tb = this.streams.get(streamName)?.truncateBefore ?? 0n;
    if (tb === DELETED_STREAM) return [];
    return this.visible().filter((r) => r.kind === 'event' && r.streamId === streamName && r.revision >= tb);
  }

  readStream(
    streamName: string,
    options: {
      fromRevision?: ReadRevision;
      direction?: Direction;
      maxCount?: number | bigint;
      requiresLeader?: boolean;
    },
  ): EsdbRead<ResolvedEvent> {
    return this.streaming(
      async function* (this: FakeEsdb) {
        await this.answer(options.requiresLeader);
        let events = this.streamRecords(streamName);
        if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
        const from = options.fromRevision ?? START;
        if (options.direction === BACKWARDS) {
          events = events
            .reverse()
            .filter((e) => from === END || (from === START ? e.revision === 0n : e.revision <= from));
        } else {
          events = events.filter((e) => from === START || (from !== END && e.revision >= from));
        }
        const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
        for (const e of events.slice(0, max)) {
          const event = this.toRecorded(e, false);
          yield { event, commitPosition: event.position.commit } as ResolvedEvent;
        }
      }.bind(this),
    );
  }

  async getStreamMetadata(
    streamName: string,
    options: { requiresLeader?: boolean } = {},
  ): Promise<GetStreamMetadataResult> {
    await this.answer(options.requiresLeader);
    const meta = this.visible().filter((r) => r.streamId === `$$${streamName}`);
    const last = meta[meta.length - 1];
    if (!last) return { streamName };
    const raw = JSON.parse(last.data) as { $tb?: number };
    return {
      streamName,
      metadata: raw.$tb === undefined ? {} : { truncateBefore: raw.$tb },
      metastreamRevision: last.revision,
    };
  }

  // ── subscriptions (Enumerator.AllSubscription.cs) ──────────────────────────────────────────────
  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter; requiresLeader?: boolean }): LiveFeed {
    this.subscriptions += 1;
    const from = options.fromPosition ?? START;
    const filter = options.filter;
    const regex = filter && 'regex' in filter ? new RegExp(filter.regex) : null;
    const passes = (r: Rec) => !regex || regex.test(filter?.filterOn === 'streamName' ? r.streamId : r.type);
    let stopped = false;
    let stop = () => {};
    const confirmed: (() => void)[] = [];
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the generator below reads the live log
    const self = this;
    async function* events(): AsyncGenerator<AllStreamResolvedEvent> {
      await self.answer(options.requiresLeader);
      if (self.options.user !== 'admin') throw accessDenied();
      if (self.subscriptionsHang) await new Promise<never>(() => undefined);
      let index =
        from === START ? 0 : from === END ? self.visible().length : self.startIndex(self.visible(), from, true);
      // A position is a checkpoint: the subscription starts after it.
      if (typeof from !== 'string' && self.log[index]?.position === from.commit) index += 1;
      for (const f of confirmed.splice(0)) f();
      for (;;) {
        const log = self.visible();
        while (index < log.length) {
          const r = log[index++] as Rec;
          if (r.kind !== 'event' || !passes(r)) continue;
          yield { event: self.toRecorded(r, true), commitPosition: r.position };
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
      once: (_event: 'confirmation', listener: () => void) => {
        confirmed.push(listener);
      },
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.dropError = null;
    this.notify();
  }
}

const pos = (p: bigint): Position => ({ commit: p, prepare: p });
