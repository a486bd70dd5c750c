import type Database from 'better-sqlite3';
import type { Observable } from 'rxjs';
import { nextTurn, systemClock, type Clock } from '../clock.js';
import type { EventRecord, NewEvent, StoredEvent } from '../events/envelope.js';
import {
  recordedWithin,
  StoreUnavailableError,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamHead,
} from './port.js';
import { RAW_POSITION, RAW_RECORDED_AT, RAW_REVISION, rawRowReader, type RawEventRow } from './sqlite-schema.js';
import { restoreRows } from './sqlite-restore.js';
import { memoryCheckpointArchive, sqliteCheckpointArchive, type CheckpointArchive } from './checkpoint-archive.js';
import { SqliteLedgerTree } from './sqlite-merkle.js';
import { LedgerFileHealth, openDatabase } from './sqlite-file.js';
import { prepareStatements, type SqliteStatements } from './sqlite-statements.js';
import { SqliteAppender, type StreamAppend } from './sqlite-append.js';
import { SqliteLiveFeed } from './sqlite-live.js';

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

const DEFAULT_PAGE = 1000;

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  readonly densePositions = true;
  readonly description: string;
  readonly live$: Observable<StoredEvent>;
  /** The RFC 9162 tree over every event, kept in each append's transaction (sqlite-merkle.ts). */
  readonly tree: SqliteLedgerTree;
  readonly checkpoints: CheckpointArchive;
  private readonly db: Database.Database;
  private readonly stmt: SqliteStatements;
  private readonly appender: SqliteAppender;
  /** The ledger file's health: still the file opened, room to write (sqlite-file.ts). */
  private readonly health: LedgerFileHealth;
  private readonly feed: SqliteLiveFeed;
  private closed = false;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Whether recording times follow positions (positionRecordedBy); null: not checked since open or a restore. */
  private inOrder: boolean | null = null;

  constructor(options: SqliteStoreOptions) {
    const inMemory = options.file === ':memory:';
    this.description = inMemory ? 'sqlite::memory:' : `sqlite:${options.file}`;
    this.db = openDatabase(options.file, inMemory, options.readOnly === true);
    this.health = new LedgerFileHealth(this.db, inMemory ? null : options.file);
    this.tree = new SqliteLedgerTree(this.db);
    // A read-only store (journey verify) writes nothing, checkpoints included.
    this.checkpoints = options.readOnly ? memoryCheckpointArchive() : sqliteCheckpointArchive(this.db);
    this.stmt = prepareStatements(this.db);
    this.feed = new SqliteLiveFeed(this.stmt);
    this.live$ = this.feed.live$;
    this.appender = new SqliteAppender({
      db: this.db,
      stmt: this.stmt,
      tree: this.tree,
      health: this.health,
      clock: options.clock ?? systemClock,
      committed: (events) => this.feed.committed(events),
    });
    if (options.pollMs) this.every(options.pollMs, () => this.feed.tail());
    const checkpointMs = options.checkpointMs ?? 30_000;
    if (checkpointMs > 0 && !inMemory && !options.readOnly) this.every(checkpointMs, () => this.checkpoint('PASSIVE'));
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    if (events.length === 0) return Promise.reject(new RangeError('append needs at least one event'));
    return this.appender.append({ streamId, events, expectedRevision: options.expectedRevision });
  }

  /** Several streams in one transaction: all of them or none (CSV import). SQLite only. */
  appendMany(appends: StreamAppend[]): AppendResult[] {
    if (this.closed) throw new Error('the store is closed');
    return this.appender.appendMany(appends);
  }

  /** Whether the store can take writes now (/readyz): src/store/sqlite-file.ts. */
  async check(): Promise<void> {
    if (this.closed) throw new StoreUnavailableError('the store is closed');
    this.health.check();
  }

  async restore(events: readonly EventRecord[]): Promise<{ written: number; skipped: number }> {
    if (this.closed) throw new Error('the store is closed');
    const result = this.appender.kept(() =>
      this.db
        .transaction(() => {
          const written = restoreRows(this.stmt, events);
          this.tree.catchUp();
          return written;
        })
        .immediate(),
    );
    this.inOrder = null;
    this.feed.tail();
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
    this.feed.tail();
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
    while (this.appender.busy) await new Promise((r) => setImmediate(r));
    for (const t of this.timers) clearInterval(t);
    try {
      if (!this.db.readonly) this.checkpoint('TRUNCATE');
    } catch {
      /* another process may hold the WAL; it checkpoints on its own close */
    }
    this.closed = true;
    this.db.close();
    this.feed.close();
  }
}

// SQLite positions are rowids: far below 2^53, so a Number bound is exact.
const toPositionBound = (to: string | undefined): number =>
  to === undefined ? Number.MAX_SAFE_INTEGER : Math.min(Number(to), Number.MAX_SAFE_INTEGER);

export const openSqliteStore = (options: SqliteStoreOptions): SqliteEventStore => new SqliteEventStore(options);
