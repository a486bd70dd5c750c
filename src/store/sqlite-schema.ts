import type Database from 'better-sqlite3';

/**
 * One table, one row per event. Position is the rowid (dense: 1, 2, 3…). Actor fields are columns, not JSON,
 * so a rebuild parses only `data`. (stream_id, revision) and id are unique: the chain stays linear and an
 * event id can be stored once. The second an event was recorded is indexed: an asOf cut finds its last position
 * with one lookup (docs/decisions.md, "asOf is a position bound").
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  id             TEXT    NOT NULL,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  occurred_at    TEXT    NOT NULL,
  actor_id       TEXT    NOT NULL,
  actor_name     TEXT    NOT NULL,
  actor_role     TEXT    NOT NULL,
  data           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  correlation_id TEXT,
  causation_id   TEXT,
  prev_hash      TEXT    NOT NULL,
  hash           TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
CREATE INDEX IF NOT EXISTS events_recorded_second ON events (substr(recorded_at, 1, 19));
`;

/** Durable settings: WAL, fsync on every commit, wait (not fail) when another process writes. */
export function applyPragmas(db: Database.Database, inMemory: boolean): void {
  if (!inMemory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  // After a checkpoint the WAL file is cut back to this size, so it cannot grow without bound.
  db.pragma('journal_size_limit = 67108864');
  db.pragma('wal_autocheckpoint = 1000');
  db.pragma('cache_size = -65536');
}

export const COLUMNS =
  'position, id, stream_id, revision, type, recorded_at, occurred_at, actor_id, actor_name, actor_role, data, schema_version, correlation_id, causation_id, prev_hash, hash';

import type { EventType } from '../events/catalogue.js';
import type { Actor, EventRecord, LedgerEvent, StoredEvent } from '../events/envelope.js';

/** A row as better-sqlite3 returns it in raw mode: the values of COLUMNS, in order (no object per row). */
export type RawEventRow = [
  position: number,
  id: string,
  streamId: string,
  revision: number,
  type: string,
  recordedAt: string,
  occurredAt: string,
  actorId: string,
  actorName: string,
  actorRole: string,
  data: string,
  schemaVersion: number,
  correlationId: string | null,
  causationId: string | null,
  prevHash: string,
  hash: string,
];
export const RAW_RECORDED_AT = 5;
export const RAW_REVISION = 3;
export const RAW_POSITION = 0;

/**
 * Rows to events on the read path (rebuild, replay, reports): array rows and one shared actor object per actor,
 * since a million events come from a few hundred people.
 */
export function rawRowReader(): (r: RawEventRow) => StoredEvent {
  // By id, checked against name and role (an actor's name or role may change over the years): no key string per row.
  const actors = new Map<string, Actor>();
  return (r) => {
    let actor = actors.get(r[7]);
    if (actor === undefined || actor.name !== r[8] || actor.role !== r[9]) {
      actor = { id: r[7], name: r[8], role: r[9] as Actor['role'] };
      if (actors.size > 10_000) actors.clear();
      actors.set(r[7], actor);
    }
    const e = {
      id: r[1],
      type: r[4] as EventType,
      streamId: r[2],
      revision: r[3],
      position: String(r[0]),
      // Positions are dense from 1 (docs/decisions.md, "Ordinals and entry numbers").
      ordinal: r[0] - 1,
      recordedAt: r[5],
      occurredAt: r[6],
      actor,
      data: JSON.parse(r[10]) as unknown,
      schemaVersion: r[11],
      prevHash: r[14],
      hash: r[15],
    } as LedgerEvent;
    if (r[12] !== null) e.correlationId = r[12];
    if (r[13] !== null) e.causationId = r[13];
    return e;
  };
}

/**
 * Bind parameters for the insert statement, in the order of INSERT_SQL. `data` is stored as its canonical JSON,
 * the same string the hash was computed over.
 */
export const eventToParams = (e: Omit<EventRecord, 'position'>, dataJson: string): unknown[] => [
  e.id,
  e.streamId,
  e.revision,
  e.type,
  e.recordedAt,
  e.occurredAt,
  e.actor.id,
  e.actor.name,
  e.actor.role,
  dataJson,
  e.schemaVersion,
  e.correlationId ?? null,
  e.causationId ?? null,
  e.prevHash,
  e.hash,
];

export const INSERT_SQL = `INSERT INTO events (id, stream_id, revision, type, recorded_at, occurred_at, actor_id, actor_name,
  actor_role, data, schema_version, correlation_id, causation_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
