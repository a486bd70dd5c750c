import type Database from 'better-sqlite3';
import { COLUMNS, INSERT_SQL, type RawEventRow } from './sqlite-schema.js';

/** Every statement the SQLite adapter runs on the events table, prepared once per connection. */
export function prepareStatements(db: Database.Database) {
  return {
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
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;
