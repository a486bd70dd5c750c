import type Database from 'better-sqlite3';
import type { Clock } from '../clock.js';
import { canonicalJson } from '../events/canonical.js';
import {
  deriveOccurredAt,
  eventHash,
  GENESIS_HASH,
  SCHEMA_VERSION,
  type NewEvent,
  type StoredEvent,
} from '../events/envelope.js';
import { ConcurrencyError, DuplicateEventError, type AppendOptions, type AppendResult } from './port.js';
import { eventToParams, rawRowReader } from './sqlite-schema.js';
import type { SqliteStatements } from './sqlite-statements.js';
import type { LedgerFileHealth } from './sqlite-file.js';
import type { SqliteLedgerTree } from './sqlite-merkle.js';
import type { WalSync } from './sqlite-wal-sync.js';

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: AppendOptions['expectedRevision'];
}

interface Pending extends StreamAppend {
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

/** A stream's last event as this connection wrote or read it. */
interface Head {
  revision: number;
  hash: string;
}

/** Beyond this many streams remembered, the heads are forgotten and read again as needed. */
const MAX_HEADS = 50_000;

interface AppenderParts {
  db: Database.Database;
  stmt: SqliteStatements;
  tree: SqliteLedgerTree;
  health: LedgerFileHealth;
  clock: Clock;
  /** Told of every event committed, in one call per commit. */
  committed(events: StoredEvent[]): void;
  /** Where queued appends' commits are synced off the event loop (a WAL file); null: inside the commit. */
  walSync: WalSync | null;
}

/**
 * The SQLite write path: appends queued in one turn of the event loop commit together (group commit), each chained
 * to its stream's head and added to the Merkle tree inside the same transaction.
 */
export class SqliteAppender {
  private queue: Pending[] = [];
  private flushScheduled = false;
  private readonly groupCommit: Database.Transaction<(batch: Pending[]) => (AppendResult | Error)[]>;
  private readonly appendOne: (a: StreamAppend, recordedAt: string) => AppendResult;
  private readonly appendAlone: Database.Transaction<(a: StreamAppend) => AppendResult>;
  /**
   * Stream heads and the last recording time as this connection last wrote or read them, so an append reads nothing
   * before it inserts. They hold while no other connection commits: PRAGMA data_version, read inside the write lock at
   * the start of every write transaction, changes exactly then (and they are forgotten when a transaction fails).
   */
  private readonly heads = new Map<string, Head>();
  private lastRecordedAt: string | null = null;
  private seenVersion = -1;
  private readonly dataVersion: Database.Statement<[], number>;

  constructor(private readonly parts: AppenderParts) {
    const { db } = parts;
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.appendOne = db.transaction((a: StreamAppend, recordedAt: string) => this.write(a, recordedAt));
    // One transaction for every append queued in this turn of the event loop (group commit); each append runs in
    // its own savepoint (a nested better-sqlite3 transaction), so one append's conflict does not fail its neighbours.
    this.groupCommit = db.transaction((batch: Pending[]) => {
      this.checkOthers();
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
    this.appendAlone = db.transaction((a: StreamAppend) => {
      this.checkOthers();
      return this.write(a, this.recordedAtNow());
    });
  }

  append(a: StreamAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...a, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Whether appends are queued or a flush is due. */
  get busy(): boolean {
    return this.queue.length > 0 || this.flushScheduled;
  }

  /** Resolves when every commit made is synced and answered (before the store closes). */
  async durable(): Promise<void> {
    await this.parts.walSync?.idle();
  }

  /** Several streams in one transaction: all of them or none (CSV import). */
  appendMany(appends: StreamAppend[]): AppendResult[] {
    const results = this.kept(() =>
      this.parts.db
        .transaction(() => {
          this.checkOthers();
          const recordedAt = this.recordedAtNow();
          return appends.map((a) => this.write(a, recordedAt));
        })
        .immediate(),
    );
    this.parts.committed(results.flatMap((r) => (r.replayed ? [] : r.events)));
    return results;
  }

  /** A transaction that failed may have moved what this connection remembers past what the file holds. */
  kept<T>(transaction: () => T): T {
    const { health } = this.parts;
    health.assertWritable();
    try {
      const result = transaction();
      health.succeeded();
      return result;
    } catch (e) {
      this.failed();
      throw health.failure(e);
    }
  }

  /**
   * After events were written some other way (restore): the remembered heads and last recording time may be behind
   * the file; the next write reads them again.
   */
  forget(): void {
    this.heads.clear();
    this.lastRecordedAt = null;
  }

  /** After a transaction failed: what this connection remembers, the tree's in-memory edge too, may be past the file. */
  private failed(): void {
    this.parts.tree.invalidate();
    this.forget();
  }

  /** Inside the write lock: another connection committed since this one last looked, so what it remembers is stale. */
  private checkOthers(): void {
    const version = this.dataVersion.get() as number;
    if (version === this.seenVersion) return;
    this.seenVersion = version;
    this.heads.clear();
    this.lastRecordedAt = null;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const { health, stmt, walSync } = this.parts;
    try {
      health.assertWritable();
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    // With a WAL sync, the commit leaves its fsync to sqlite-wal-sync.ts, off the event loop; acknowledged after it.
    if (walSync) stmt.syncNormal.run();
    let outcomes: (AppendResult | Error)[];
    try {
      // A lone append needs no savepoint. IMMEDIATE takes the write lock up front: a deferred transaction that reads
      // first cannot upgrade while another process writes, and fails with SQLITE_BUSY instead of waiting.
      outcomes =
        batch.length === 1 ? [this.appendAlone.immediate(batch[0] as Pending)] : this.groupCommit.immediate(batch);
    } catch (e) {
      this.failed();
      const failure = health.failure(e);
      for (const p of batch) p.reject(failure);
      return;
    } finally {
      if (walSync) stmt.syncFull.run();
    }
    outcomes = outcomes.map((o) => (o instanceof Error ? health.failure(o) : o));
    if (outcomes.some((o) => !(o instanceof Error))) health.succeeded();
    const settle = (): void => {
      this.parts.committed(outcomes.flatMap((o) => (o instanceof Error || o.replayed ? [] : o.events)));
      batch.forEach((p, i) => {
        const o = outcomes[i];
        if (o instanceof Error) p.reject(o);
        else if (o) p.resolve(o);
      });
    };
    if (!walSync || outcomes.every((o) => o instanceof Error)) {
      settle();
      return;
    }
    walSync.durable().then(settle, (e: unknown) => {
      const code = String((e as { code?: unknown })?.code ?? 'an I/O error');
      const failure = health.failure(
        Object.assign(new Error(`fsync of the WAL failed (${code})`), { code: 'SQLITE_IOERR_FSYNC' }),
      );
      for (const p of batch) p.reject(failure);
    });
  }

  /** recordedAt never goes backwards, so a cut by recordedAt is also a prefix of positions. */
  private recordedAtNow(): string {
    const now = this.parts.clock.now().toISOString();
    this.lastRecordedAt ??= this.parts.stmt.last.get()?.recorded_at ?? '';
    if (this.lastRecordedAt < now) this.lastRecordedAt = now;
    return this.lastRecordedAt;
  }

  private headOf(streamId: string): Head | null {
    const known = this.heads.get(streamId);
    if (known) return known;
    const row = this.parts.stmt.head.get(streamId);
    return row ? { revision: row.revision, hash: row.hash } : null;
  }

  /**
   * One append inside the caller's transaction. Nothing is read before the insert when the stream's head is
   * remembered: an id already stored shows as the insert's unique violation, and only then is it looked up (an
   * idempotent retry answers with what is stored).
   */
  private write(a: StreamAppend, recordedAt: string): AppendResult {
    const { stmt } = this.parts;
    const { streamId, events } = a;
    const first = events[0];
    if (!first) throw new RangeError('append needs at least one event');
    const head = this.headOf(streamId);
    const actual = head ? head.revision : 'no_stream';
    const expected = a.expectedRevision;
    if (expected !== 'any' && expected !== actual) {
      const existing = stmt.byId.get(first.id);
      if (existing) return this.replay(a, existing);
      throw new ConcurrencyError(streamId, expected, actual);
    }
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
        const position = Number(stmt.insert.run(...eventToParams(event, dataJson)).lastInsertRowid);
        event.position = String(position);
        event.ordinal = position - 1;
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const existing = stmt.byId.get(e.id);
        // The first id stored already: a retry of an append that committed, or a clash (replay tells which).
        if (e === first && existing) return this.replay(a, existing);
        this.heads.delete(streamId);
        throw new DuplicateEventError(e.id, existing?.stream_id ?? streamId);
      }
      stored.push(event);
      prevHash = event.hash;
    }
    this.parts.tree.appended(stored);
    const last = stored[stored.length - 1] as StoredEvent;
    if (this.heads.size >= MAX_HEADS) this.heads.clear();
    this.heads.set(streamId, { revision: last.revision, hash: last.hash });
    return { streamId, revision: last.revision, position: last.position, events: stored, replayed: false };
  }

  /** The first id is already stored: an idempotent retry when every id sits where this call would put it. */
  private replay(a: StreamAppend, existing: { stream_id: string; revision: number }): AppendResult {
    const first = a.events[0] as NewEvent;
    if (existing.stream_id !== a.streamId) throw new DuplicateEventError(first.id, existing.stream_id);
    const rows = this.parts.stmt.streamRange.all(
      a.streamId,
      existing.revision,
      existing.revision + a.events.length - 1,
    );
    const same = rows.length === a.events.length && rows.every((r, i) => r[1] === a.events[i]?.id);
    if (!same) throw new DuplicateEventError(first.id, a.streamId);
    const stored = rows.map(rawRowReader());
    const last = stored[stored.length - 1] as StoredEvent;
    return { streamId: a.streamId, revision: last.revision, position: last.position, events: stored, replayed: true };
  }
}

const isUniqueViolation = (err: unknown): boolean =>
  typeof err === 'object' &&
  err !== null &&
  'code' in err &&
  String((err as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');
