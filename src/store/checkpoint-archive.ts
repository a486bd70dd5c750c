import type Database from 'better-sqlite3';

/**
 * Where projection checkpoints are saved (docs/decisions.md, "Checkpoints"). A checkpoint is each projection's
 * state as it stood after the event at `position`, serialized by the projections runtime (the store only keeps the
 * bytes). `version` names the reducers that made it and `head` the ledger it was made from (the Merkle root of the
 * events up to `position`), so a changed reducer or a rewritten ledger never gets a stale state back.
 */
export interface SavedCheckpoint {
  position: string;
  ordinal: number;
  version: string;
  head: string;
  /** One serialized state per projection, by projection key. */
  states: Map<string, Uint8Array>;
}

export interface CheckpointSummary {
  position: string;
  ordinal: number;
  head: string;
}

export interface CheckpointArchive {
  save(checkpoint: SavedCheckpoint): void;
  /** The checkpoints of this version, in position order (without their states). */
  list(version: string): CheckpointSummary[];
  /** One projection's state of a saved checkpoint, or null. */
  state(version: string, position: string, projection: string): Uint8Array | null;
  /** Drops every checkpoint of another version, and those of this version after `position` when given. */
  discard(version: string, after?: string): void;
}

const ARCHIVE_SQL = `
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  version    TEXT    NOT NULL,
  position   INTEGER NOT NULL,
  ordinal    INTEGER NOT NULL,
  head       TEXT    NOT NULL,
  projection TEXT    NOT NULL,
  state      BLOB    NOT NULL,
  PRIMARY KEY (version, position, projection)
) WITHOUT ROWID;
`;

/** The archive in the ledger's own SQLite file: a restart finds its checkpoints beside the events. */
export function sqliteCheckpointArchive(db: Database.Database): CheckpointArchive {
  db.exec(ARCHIVE_SQL);
  const insert = db.prepare(
    'INSERT OR REPLACE INTO projection_checkpoints (version, position, ordinal, head, projection, state) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const list = db.prepare<[string], { position: number; ordinal: number; head: string }>(
    'SELECT DISTINCT position, ordinal, head FROM projection_checkpoints WHERE version = ? ORDER BY position',
  );
  const one = db.prepare<[string, number, string], { state: Buffer }>(
    'SELECT state FROM projection_checkpoints WHERE version = ? AND position = ? AND projection = ?',
  );
  const dropOthers = db.prepare<[string]>('DELETE FROM projection_checkpoints WHERE version <> ?');
  const dropAfter = db.prepare<[string, number]>(
    'DELETE FROM projection_checkpoints WHERE version = ? AND position > ?',
  );
  const saveAll = db.transaction((c: SavedCheckpoint) => {
    for (const [projection, state] of c.states)
      insert.run(c.version, Number(c.position), c.ordinal, c.head, projection, state);
  });
  return {
    save: (c) => saveAll.immediate(c),
    list: (version) =>
      list.all(version).map((r) => ({ position: String(r.position), ordinal: r.ordinal, head: r.head })),
    state: (version, position, projection) => one.get(version, Number(position), projection)?.state ?? null,
    discard: (version, after) => {
      dropOthers.run(version);
      if (after !== undefined) dropAfter.run(version, Number(after));
    },
  };
}

/** For stores that keep no file of their own (EventStoreDB): checkpoints live as long as the process. */
export function memoryCheckpointArchive(): CheckpointArchive {
  const saved = new Map<string, SavedCheckpoint>();
  const key = (version: string, position: string): string => `${version}\u0000${position.padStart(24, '0')}`;
  const ofVersion = (version: string): SavedCheckpoint[] =>
    [...saved.values()].filter((c) => c.version === version).sort((a, b) => a.ordinal - b.ordinal);
  return {
    save: (c) => void saved.set(key(c.version, c.position), c),
    list: (version) => ofVersion(version).map((c) => ({ position: c.position, ordinal: c.ordinal, head: c.head })),
    state: (version, position, projection) => saved.get(key(version, position))?.states.get(projection) ?? null,
    discard: (version, after) => {
      for (const [k, c] of saved)
        if (c.version !== version || (after !== undefined && BigInt(c.position) > BigInt(after))) saved.delete(k);
    },
  };
}
