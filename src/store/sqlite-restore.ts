import type Database from 'better-sqlite3';
import { canonicalJson } from '../events/canonical.js';
import { eventHash, GENESIS_HASH, type EventRecord } from '../events/envelope.js';
import { ChainError, DuplicateEventError } from './port.js';
import { eventToParams } from './sqlite-schema.js';

/** The statements restore needs from the SQLite adapter. */
export interface RestoreStatements {
  insert: Database.Statement<unknown[]>;
  byId: Database.Statement<[string], { stream_id: string; revision: number }>;
  head: Database.Statement<[string], { revision: number; hash: string; position: number }>;
}

/**
 * Admin restore and migration, inside the caller's transaction: every event must continue its stream's chain
 * (revision, prevHash, and a hash that matches its content); an event already stored at the same place is skipped,
 * so an interrupted restore can simply run again.
 */
export function restoreRows(
  stmt: RestoreStatements,
  events: readonly EventRecord[],
): { written: number; skipped: number } {
  const heads = new Map<string, { revision: number; hash: string }>();
  const headOf = (s: string) => {
    let h = heads.get(s);
    if (!h) {
      const row = stmt.head.get(s);
      h = row ? { revision: row.revision, hash: row.hash } : { revision: -1, hash: GENESIS_HASH };
      heads.set(s, h);
    }
    return h;
  };
  let written = 0;
  let skipped = 0;
  for (const e of events) {
    const existing = stmt.byId.get(e.id);
    if (existing) {
      if (existing.stream_id === e.streamId && existing.revision === e.revision) {
        skipped += 1;
        continue;
      }
      throw new DuplicateEventError(e.id, existing.stream_id);
    }
    const head = headOf(e.streamId);
    if (e.revision !== head.revision + 1) {
      throw new ChainError(
        `${e.streamId}: revision ${e.revision} does not follow ${head.revision}`,
        e.streamId,
        e.revision,
      );
    }
    if (e.prevHash !== head.hash)
      throw new ChainError(
        `${e.streamId}@${e.revision}: prevHash does not match the stream's head`,
        e.streamId,
        e.revision,
      );
    const dataJson = canonicalJson(e.data);
    if (eventHash(e, dataJson) !== e.hash)
      throw new ChainError(
        `${e.streamId}@${e.revision}: hash does not match the event's content`,
        e.streamId,
        e.revision,
      );
    stmt.insert.run(...eventToParams(e, dataJson));
    head.revision = e.revision;
    head.hash = e.hash;
    written += 1;
  }
  return { written, skipped };
}
