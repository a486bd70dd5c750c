import type Database from 'better-sqlite3';
import { Subject, type Observable } from 'rxjs';
import { nextTurn, systemClock, type Clock } from '../clock.js';
import { canonicalJson } from '../events/canonical.js';
import {
  deriveOccurredAt,
  eventHash,
  GENESIS_HASH,
  SCHEMA_VERSION,
  type EventRecord,
  type NewEvent,
  type StoredEvent,
} from '../events/envelope.js';
import {
  ConcurrencyError,
  DuplicateEventError,
  recordedWithin,
  StoreUnavailableError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamHead,
} from './port.js';
import {
  COLUMNS,
  eventToParams,
  INSERT_SQL,
  RAW_POSITION,
  RAW_RECORDED_AT,
  RAW_REVISION,
  rawRowReader,
  type RawEventRow,
} from './sqlite-schema.js';
import { restoreRows } from './sqlite-restore.js';
import { memoryCheckpointArchive, sqliteCheckpointArchive, type CheckpointArchive } from './checkpoint-archive.js';
import { SqliteLedgerTree } from './sqlite-merkle.js';
import { LedgerFileHealth, openDatabase } from './sqlite-file.js';
import { readAheadPages } from './sqlite-read-ahead.js';

export interface SqliteStoreOptions {
  /** A file path, or ':memory:'. */
  file: string;
  clock?: Clock;
  /** Poll for other processes' appends every n ms (0: only when tail() is called). */
  pollMs?: number;
  /** Run a passive WAL checkpoint every n ms (default 30 s; 0 disables). */
  checkpointMs?: number;
  /** Open an existing ledger to read only (journey verify): nothing is created or written, not even the file. */
  readOnly?: boolean;
}

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: AppendOptions['expectedRevision'];
}

interface Pending extends StreamAppend {
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

const DEFAULT_PAGE = 1000;

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  readonly densePositions = true;
  readonly description: string;
  readonly live$: Observable<StoredEvent>;
  /** The RFC 9162 tree over every event, kept in each append's transaction (sqlite-merkle.ts). */
  readonly tree: SqliteLedgerTree;
  readonly checkpoints: CheckpointArchive;
  private readonly live = new Subject<StoredEvent>();
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private queue: Pending[] = [];
  private flushScheduled = false;
  private lastEmitted = 0;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];
  /** The ledger file's health: still the file opened, room to write (sqlite-file.ts). */
  private readonly health: LedgerFileHealth;
  /** Whether recording times follow positions (positionRecordedBy); null: not checked since open or a restore. */
  private inOrder: boolean | null = null;
  private readonly stmt;
  /** The ledger file, for a second connection that reads ahead (null in memory). */
  private readonly file: string | null;
  private readonly groupCommit: Database.Transaction<(batch: Pending[]) => (AppendResult | Error)[]>;
  private readonly appendOne: (a: StreamAppend, recordedAt: string) => AppendResult;
  private readonly appendAlone: Database.Transaction<(a: StreamAppend) => AppendResult>;

  constructor(options: SqliteStoreOptions) {
    const inMemory = options.file === ':memory:';
    this.description = inMemory ? 'sqlite::memory:' : `sqlite:${options.file}`;
    this.file = inMemory ? null : options.file;
    this.clock = options.clock ?? systemClock;
    this.db = openDatabase(options.file, inMemory, options.readOnly === true);
    this.health = new LedgerFileHealth(this.db, inMemory ? null : options.file);
    this.tree = new SqliteLedgerTree(this.db);
    // A read-only store (journey verify) writes nothing, checkpoints included.
    this.checkpoints = options.readOnly ? memoryCheckpointArchive() : sqliteCheckpointArchive(this.db);
    this.live$ = this.live.asObservable();
    const db = this.db;
    this.stmt = {
      insert: db.prepare(INSERT_SQL),
      byId: db.prepare<[string], { stream_id: string; revision: number }>(
        'SELECT stream_id, revision FROM events WHERE id = ?',
      ),
      head: db.prepare<[string], { revision: number; hash: string; position: number }>(
        'SELECT revision, hash, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      streamRange: db
        .prepare<[string, number, number], RawEventRow>(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND revision <= ? ORDER BY revision`,
        )
        .raw(true),
      streamPage: db
        .prepare<[string, number, number, string, number], RawEventRow>(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? AND position <= ? AND substr(recorded_at, 1, 19) <= ?
         ORDER BY revision LIMIT ?`,
        )
        .raw(true),
      page: db
        .prepare<[number, number, number], RawEventRow>(
          `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
        )
        .raw(true),
      recordedBy: db
        .prepare<[string], number>(
          `SELECT position FROM events WHERE substr(recorded_at, 1, 19) <= ?
           ORDER BY substr(recorded_at, 1, 19) DESC, position DESC LIMIT 1`,
        )
        .pluck(),
      outOfOrder: db
        .prepare<[number, number], number>(
          `SELECT 1 FROM events a JOIN events b ON b.position = a.position + 1
           WHERE a.position >= ? AND a.position < ? AND substr(b.recorded_at, 1, 19) < substr(a.recorded_at, 1, 19) LIMIT 1`,
        )
        .pluck(),
      last: db.prepare<[], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events ORDER BY position DESC LIMIT 1',
      ),
      recordedAtOrBefore: db.prepare<[number], { position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM events WHERE position <= ? ORDER BY position DESC LIMIT 1',
      ),
    };
    this.lastEmitted = this.stmt.last.get()?.position ?? 0;
    this.appendOne = db.transaction((a: StreamAppend, recordedAt: string) => this.write(a, recordedAt));
    // One transaction for every append queued in this turn of the event loop (group commit); each append runs in
    // its own savepoint (a nested better-sqlite3 transaction), so one append's conflict does not fail its neighbours.
    this.groupCommit = db.transaction((batch: Pending[]) => {
      const recordedAt = this.recordedAtNow();
      return batch.map((p) => {
        try {
          return this.appendOne(p, recordedAt);
        } catch (e) {
          return e instanceof Error ? e : new Error(String(e));
        }
      });
    });
    // A lone append needs no savepoint: its failure is the whole transaction's.
    this.appendAlone = db.transaction((a: StreamAppend) => this.write(a, this.recordedAtNow()));
    if (options.pollMs) this.every(options.pollMs, () => this.tailSync());
    const checkpointMs = options.checkpointMs ?? 30_000;
    if (checkpointMs > 0 && !inMemory && !options.readOnly) this.every(checkpointMs, () => this.checkpoint('PASSIVE'));
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expectedRevision: options.expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Several streams in one transaction: all of them or none (CSV import). SQLite only. */
  appendMany(appends: StreamAppend[]): AppendResult[] {
    if (this.closed) throw new Error('the store is closed');
    const results = this.treeKept(() =>
      this.db
        .transaction(() => {
          const recordedAt = this.recordedAtNow();
          return appends.map((a) => this.write(a, recordedAt));
        })
        .immediate(),
    );
    this.emitCommitted(results.flatMap((r) => (r.replayed ? [] : r.events)));
    return results;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      this.health.assertWritable();
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    if (batch.length === 1) {
      const p = batch[0] as Pending;
      let result: AppendResult;
      try {
        result = this.appendAlone.immediate(p);
      } catch (e) {
        this.tree.invalidate();
        p.reject(this.health.failure(e));
        return;
      }
      this.health.succeeded();
      if (!result.replayed) this.emitCommitted(result.events);
      p.resolve(result);
      return;
    }
    let outcomes: (AppendResult | Error)[];
    try {
      // IMMEDIATE takes the write lock up front: a deferred transaction that reads first cannot upgrade while another
      // process writes, and fails with SQLITE_BUSY instead of waiting.
      outcomes = this.groupCommit.immediate(batch);
    } catch (e) {
      this.tree.invalidate();
      const failure = this.health.failure(e);
      for (const p of batch) p.reject(failure);
      return;
    }
    outcomes = outcomes.map((o) => (o instanceof Error ? this.health.failure(o) : o));
    if (outcomes.some((o) => !(o instanceof Error))) this.health.succeeded();
    this.emitCommitted(outcomes.flatMap((o) => (o instanceof Error || o.replayed ? [] : o.events)));
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o instanceof Error) p.reject(o);
      else if (o) p.resolve(o);
    });
  }

  /** A transaction that failed may have moved the tree's in-memory edge past what the file holds. */
  private treeKept<T>(transaction: () => T): T {
    this.health.assertWritable();
    try {
      const result = transaction();
      this.health.succeeded();
      return result;
    } catch (e) {
      this.tree.invalidate();
      throw this.health.failure(e);
    }
  }

  /** Whether the store can take writes now (/readyz): src/store/sqlite-file.ts. */
  async check(): Promise<void> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    this.health.check();
  }

  /** recordedAt never goes backwards, so a cut by recordedAt is also a prefix of positions. */
  private recordedAtNow(): string {
    const now = this.clock.now().toISOString();
    const last = this.stmt.last.get()?.recorded_at;
    return last !== undefined && last > now ? last : now;
  }

  private write(a: StreamAppend, recordedAt: string): AppendResult {
    const { streamId, events } = a;
    const first = events[0];
    if (!first) throw new RangeError('append needs at least one event');
    const existing = this.stmt.byId.get(first.id);
    if (existing) return this.replay(a, existing);
    const head = this.stmt.head.get(streamId);
    const actual = head ? head.revision : 'no_stream';
    const expected = a.expectedRevision;
    if (expected !== 'any' && expected !== actual) throw new ConcurrencyError(streamId, expected, actual);
    let prevHash = head ? head.hash : GENESIS_HASH;
    let revision = head ? head.revision : -1;
    const stored: StoredEvent[] = [];
    for (const e of events) {
      revision += 1;
      // Built once and filled in: this loop runs for every appended event.
      const event = {
        id: e.id,
        type: e.type,
        streamId,
        revision,
        position: '',
        ordinal: 0,
        recordedAt,
        occurredAt: e.occurredAt ?? deriveOccurredAt(e.type, e.data, recordedAt),
        actor: e.actor,
        data: e.data,
        schemaVersion: e.schemaVersion ?? SCHEMA_VERSION,
        prevHash,
        hash: '',
      } as StoredEvent;
      if (e.correlationId !== undefined) event.correlationId = e.correlationId;
      if (e.causationId !== undefined) event.causationId = e.causationId;
      const dataJson = canonicalJson(e.data);
      event.hash = eventHash(event, dataJson);
      try {
        const position = Number(this.stmt.insert.run(...eventToParams(event, dataJson)).lastInsertRowid);
        event.position = String(position);
        event.ordinal = position - 1;
      } catch (err) {
        if (isUniqueViolation(err))
          throw new DuplicateEventError(e.id, this.stmt.byId.get(e.id)?.stream_id ?? streamId);
        throw err;
      }
      stored.push(event);
      prevHash = event.hash;
    }
    this.tree.appended(stored);
    const last = stored[stored.length - 1] as StoredEvent;
    return { streamId, revision: last.revision, position: last.position, events: stored, replayed: false };
  }

  /** The first id is already stored: an idempotent retry when every id sits where this call would put it. */
  private replay(a: StreamAppend, existing: { stream_id: string; revision: number }): AppendResult {
    const first = a.events[0] as NewEvent;
    if (existing.stream_id !== a.streamId) throw new DuplicateEventError(first.id, existing.stream_id);
    const rows = this.stmt.streamRange.all(a.streamId, existing.revision, existing.revision + a.events.length - 1);
    const same = rows.length === a.events.length && rows.every((r, i) => r[1] === a.events[i]?.id);
    if (!same) throw new DuplicateEventError(first.id, a.streamId);
    const stored = rows.map(rawRowReader());
    const last = stored[stored.length - 1] as StoredEvent;
    return { streamId: a.streamId, revision: last.revision, position: last.position, events: stored, replayed: true };
  }

  async restore(events: readonly EventRecord[]): Promise<{ written: number; skipped: number }> {
    if (this.closed) throw new Error('the store is closed');
    const result = this.treeKept(() =>
      this.db
        .transaction(() => {
          const written = restoreRows(this.stmt, events);
          this.tree.catchUp();
          return written;
        })
        .immediate(),
    );
    this.inOrder = null;
    this.tailSync();
    return result;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    let from = options.fromRevision ?? 0;
    const to = toPositionBound(options.to);
    // An asOf cut is applied in SQL to the second (a superset, cheap: no JSON parsed for rows outside it), then exactly.
    const within = options.recordedBy === undefined ? null : recordedWithin(options.recordedBy);
    const bySecond =
      options.recordedBy === undefined ? '9999' : new Date(options.recordedBy).toISOString().slice(0, 19);
    const toEvent = rawRowReader();
    for (;;) {
      const rows = this.stmt.streamPage.all(streamId, from, to, bySecond, DEFAULT_PAGE);
      for (const r of rows) if (within === null || within(r[RAW_RECORDED_AT])) yield toEvent(r);
      if (rows.length < DEFAULT_PAGE) return;
      from = (rows[rows.length - 1] as RawEventRow)[RAW_REVISION] + 1;
    }
  }

  async *readPages(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    if (options.ahead && this.file !== null) {
      yield* readAheadPages(this.file, options);
      return;
    }
    let after = Number(options.after ?? 0);
    const to = toPositionBound(options.to);
    const size = options.pageSize ?? DEFAULT_PAGE;
    const toEvent = rawRowReader();
    for (;;) {
      const rows = this.stmt.page.all(after, to, size);
      if (rows.length > 0) yield rows.map(toEvent);
      if (rows.length < size) return;
      after = (rows[rows.length - 1] as RawEventRow)[RAW_POSITION];
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    for await (const page of this.readPages(options)) yield* page;
  }

  async head(streamId: string): Promise<StreamHead | null> {
    const h = this.stmt.head.get(streamId);
    return h ? { revision: h.revision, hash: h.hash, position: String(h.position) } : null;
  }

  async lastPosition(): Promise<string> {
    return String(this.stmt.last.get()?.position ?? 0);
  }

  /**
   * The last position recorded within the second of `instant` or before (the index on that second, sqlite-schema.ts):
   * every event recorded by `instant` lies at or before it, whatever order the times were written in; a reader applies
   * the exact instant event by event.
   */
  async positionRecordedBy(instant: string): Promise<string> {
    this.inOrder ??= await this.recordedInOrder();
    if (!this.inOrder) return this.lastPosition();
    return String(this.stmt.recordedBy.get(new Date(instant).toISOString().slice(0, 19)) ?? 0);
  }

  /**
   * Whether recording times never go backwards along positions (to the second): appends keep it so
   * (recordedAtNow), a restore of older events into a ledger that has newer ones may not. Checked once, a slice at a
   * time between turns of the event loop, and again after a restore.
   */
  private async recordedInOrder(): Promise<boolean> {
    const last = this.stmt.last.get()?.position ?? 0;
    const SLICE = 10_000;
    for (let from = 1; from < last; from += SLICE) {
      if (this.stmt.outOfOrder.get(from, from + SLICE) !== undefined) return false;
      await nextTurn();
    }
    return true;
  }

  async tail(): Promise<void> {
    this.tailSync();
  }

  /**
   * The last event recorded by `asOf` when the ledger is in recording order: the bound on the recording second
   * (positionRecordedBy), then back over the events of that second recorded after `asOf` (a few at most). Null when
   * the ledger was restored out of recording order: the events recorded by an instant are then no prefix.
   */
  async lastRecordedBy(asOf: string): Promise<string | null> {
    const bound = Number(await this.positionRecordedBy(asOf));
    if (!this.inOrder) return null;
    const within = recordedWithin(asOf);
    let row = this.stmt.recordedAtOrBefore.get(bound);
    while (row && !within(row.recorded_at)) row = this.stmt.recordedAtOrBefore.get(row.position - 1);
    return String(row?.position ?? 0);
  }

  /** Emit, in position order, everything committed since the last emission: ours and other processes'. */
  private tailSync(): void {
    if (this.closed || !this.live.observed) {
      this.lastEmitted = this.closed ? this.lastEmitted : (this.stmt.last.get()?.position ?? this.lastEmitted);
      return;
    }
    const toEvent = rawRowReader();
    for (;;) {
      const rows = this.stmt.page.all(this.lastEmitted, Number.MAX_SAFE_INTEGER, DEFAULT_PAGE);
      for (const r of rows) {
        this.lastEmitted = r[RAW_POSITION];
        this.live.next(toEvent(r));
      }
      if (rows.length < DEFAULT_PAGE) return;
    }
  }

  /**
   * After a commit: when what we wrote continues what we last emitted, emit it as is (no read back);
   * otherwise another process wrote in between, and tailing emits both in position order.
   */
  private emitCommitted(events: StoredEvent[]): void {
    if (events.length === 0) return;
    events.sort((a, b) => Number(a.position) - Number(b.position));
    if (!this.live.observed) {
      // Nobody listens: just remember where the ledger is, without a query per commit.
      this.lastEmitted = Math.max(this.lastEmitted, Number((events[events.length - 1] as StoredEvent).position));
      return;
    }
    const contiguous = events.every((e, i) => Number(e.position) === this.lastEmitted + 1 + i);
    if (!contiguous) {
      this.tailSync();
      return;
    }
    for (const e of events) {
      this.lastEmitted = Number(e.position);
      this.live.next(e);
    }
  }

  /** Move WAL content into the database file; TRUNCATE also cuts the WAL file back to zero bytes. */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): void {
    if (!this.closed) this.db.pragma(`wal_checkpoint(${mode})`);
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(() => {
      try {
        fn();
      } catch {
        /* a busy database is retried next tick */
      }
    }, ms);
    t.unref();
    this.timers.push(t);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.queue.length > 0 || this.flushScheduled) await new Promise((r) => setImmediate(r));
    for (const t of this.timers) clearInterval(t);
    try {
      if (!this.db.readonly) this.checkpoint('TRUNCATE');
    } catch {
      /* another process may hold the WAL; it checkpoints on its own close */
    }
    this.closed = true;
    this.db.close();
    this.live.complete();
  }
}

// SQLite positions are rowids: far below 2^53, so a Number bound is exact.
const toPositionBound = (to: string | undefined): number =>
  to === undefined ? Number.MAX_SAFE_INTEGER : Math.min(Number(to), Number.MAX_SAFE_INTEGER);

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  'code' in err &&
  String((err as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');

export const openSqliteStore = (options: SqliteStoreOptions): SqliteEventStore => new SqliteEventStore(options);
