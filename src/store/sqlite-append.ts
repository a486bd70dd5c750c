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

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: AppendOptions['expectedRevision'];
}

interface Pending extends StreamAppend {
  resolve(r: AppendResult): void;
  reject(e: unknown): void;
}

interface AppenderParts {
  db: Database.Database;
  stmt: SqliteStatements;
  tree: SqliteLedgerTree;
  health: LedgerFileHealth;
  clock: Clock;
  /** Told of every event committed, in one call per commit. */
  committed(events: StoredEvent[]): void;
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

  constructor(private readonly parts: AppenderParts) {
    const { db } = parts;
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

  /** Several streams in one transaction: all of them or none (CSV import). */
  appendMany(appends: StreamAppend[]): AppendResult[] {
    const results = this.kept(() =>
      this.parts.db
        .transaction(() => {
          const recordedAt = this.recordedAtNow();
          return appends.map((a) => this.write(a, recordedAt));
        })
        .immediate(),
    );
    this.parts.committed(results.flatMap((r) => (r.replayed ? [] : r.events)));
    return results;
  }

  /** A transaction that failed may have moved the tree's in-memory edge past what the file holds. */
  kept<T>(transaction: () => T): T {
    const { health, tree } = this.parts;
    health.assertWritable();
    try {
      const result = transaction();
      health.succeeded();
      return result;
    } catch (e) {
      tree.invalidate();
      throw health.failure(e);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const { health, tree } = this.parts;
    try {
      health.assertWritable();
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
        tree.invalidate();
        p.reject(health.failure(e));
        return;
      }
      health.succeeded();
      if (!result.replayed) this.parts.committed(result.events);
      p.resolve(result);
      return;
    }
    let outcomes: (AppendResult | Error)[];
    try {
      // IMMEDIATE takes the write lock up front: a deferred transaction that reads first cannot upgrade while another
      // process writes, and fails with SQLITE_BUSY instead of waiting.
      outcomes = this.groupCommit.immediate(batch);
    } catch (e) {
      tree.invalidate();
      const failure = health.failure(e);
      for (const p of batch) p.reject(failure);
      return;
    }
    outcomes = outcomes.map((o) => (o instanceof Error ? health.failure(o) : o));
    if (outcomes.some((o) => !(o instanceof Error))) health.succeeded();
    this.parts.committed(outcomes.flatMap((o) => (o instanceof Error || o.replayed ? [] : o.events)));
    batch.forEach((p, i) => {
      const o = outcomes[i];
      if (o instanceof Error) p.reject(o);
      else if (o) p.resolve(o);
    });
  }

  /** recordedAt never goes backwards, so a cut by recordedAt is also a prefix of positions. */
  private recordedAtNow(): string {
    const now = this.parts.clock.now().toISOString();
    const last = this.parts.stmt.last.get()?.recorded_at;
    return last !== undefined && last > now ? last : now;
  }

  private write(a: StreamAppend, recordedAt: string): AppendResult {
    const { stmt } = this.parts;
    const { streamId, events } = a;
    const first = events[0];
    if (!first) throw new RangeError('append needs at least one event');
    const existing = stmt.byId.get(first.id);
    if (existing) return this.replay(a, existing);
    const head = stmt.head.get(streamId);
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
        const position = Number(stmt.insert.run(...eventToParams(event, dataJson)).lastInsertRowid);
        event.position = String(position);
        event.ordinal = position - 1;
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateEventError(e.id, stmt.byId.get(e.id)?.stream_id ?? streamId);
        throw err;
      }
      stored.push(event);
      prevHash = event.hash;
    }
    this.parts.tree.appended(stored);
    const last = stored[stored.length - 1] as StoredEvent;
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
