import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreUnavailableError } from './port.js';
import { applyPragmas, SCHEMA_SQL } from './sqlite-schema.js';

/**
 * The SQLite ledger as a file (docs/decisions.md, "A ledger file that vanishes, is replaced or fills its disk", "Files
 * are the owner's"): how it is opened, to write or to read only, and whether it can still take writes.
 */
export class LedgerFileHealth {
  /** The identity (device, inode) the file had when opened: a write goes to that file or nowhere. */
  private readonly identity: string | null;
  /** Why the last write could not be stored (disk full, I/O error), until a write or check finds room again. */
  private failing: string | null = null;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string | null,
  ) {
    this.identity = path === null ? null : fileIdentity(path);
  }

  /** A write was stored: whatever failed before has passed. */
  succeeded(): void {
    this.failing = null;
  }

  /**
   * Before a write: the file is still the one this store opened. A ledger file removed or replaced under a running
   * server would otherwise take writes into an unlinked file, lost at the next start.
   */
  assertWritable(): void {
    if (this.db.readonly) throw new StoreUnavailableError(`${this.path ?? 'the ledger'} is open to read only`);
    if (this.path === null) return;
    let now: string | null;
    try {
      now = fileIdentity(this.path);
    } catch {
      now = null;
    }
    if (now === null) throw new StoreUnavailableError(`the ledger file ${this.path} has disappeared`);
    if (now !== this.identity)
      throw new StoreUnavailableError(`the ledger file ${this.path} was replaced by another file`);
  }

  /** The store's own condition is a 503 (the client did nothing wrong); a conflict or a rule stays what it is. */
  failure<E>(e: E): E | StoreUnavailableError {
    const code = String((e as { code?: unknown })?.code ?? '');
    if (!/^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|NOTADB|CORRUPT)/.test(code)) return e;
    const reason =
      code === 'SQLITE_FULL'
        ? 'the disk holding the ledger is full'
        : code.startsWith('SQLITE_READONLY')
          ? 'the ledger file cannot be written (read-only)'
          : `the ledger file cannot be written (${code})`;
    this.failing = reason;
    return new StoreUnavailableError(reason);
  }

  /**
   * Whether the store can take writes now (/readyz): the file is still there and still the one opened, and after a
   * write failed for want of room, there is room again (free space on its disk, and under SQLite's page limit).
   */
  check(): void {
    this.assertWritable();
    if (this.failing === null || this.path === null) return;
    const { bavail, bsize } = statfsSync(dirname(this.path));
    const pages = Number(this.db.pragma('page_count', { simple: true }));
    const maxPages = Number(this.db.pragma('max_page_count', { simple: true }));
    if (bavail * bsize < MIN_FREE_BYTES || pages >= maxPages) throw new StoreUnavailableError(this.failing);
    this.failing = null;
  }
}

/** Below this much free space on the ledger's disk, a store whose last write found the disk full stays unready. */
const MIN_FREE_BYTES = 1024 * 1024;

const fileIdentity = (path: string): string => {
  const s = statSync(path);
  return `${s.dev}:${s.ino}`;
};

/**
 * The database, opened to write (the file and its folder created owner-only, docs/decisions.md, "Files are the
 * owner's") or to read only: an existing ledger, never created, nothing written to it.
 */
export function openDatabase(file: string, inMemory: boolean, readOnly: boolean): Database.Database {
  if (readOnly) {
    if (!inMemory && !existsSync(file)) throw new StoreUnavailableError(`there is no ledger at ${file}: no such file`);
    const db = openReadOnly(file);
    db.pragma('busy_timeout = 10000');
    const hasEvents = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    if (!hasEvents) {
      db.close();
      throw new StoreUnavailableError(`${file} is not a ledger: it has no events table`);
    }
    return db;
  }
  if (!inMemory) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // Created owner-only; SQLite gives the WAL and shared-memory files the database file's permissions.
    closeSync(openSync(file, 'a', 0o600));
  }
  const db = new Database(file);
  applyPragmas(db, inMemory);
  db.exec(SCHEMA_SQL);
  return db;
}

/**
 * A WAL-mode ledger needs its -shm file, which SQLite creates beside it even to read; in a folder nobody may write
 * (a read-only copy or medium) that fails, so the file is read into memory instead, as a rollback-mode image (its
 * header's two WAL bytes set back to 1), when no write-ahead log holds changes not yet in the file.
 */
function openReadOnly(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // SQLite opens the file (and the -shm) lazily
    return db;
  } catch (e) {
    db?.close();
    if ((e as { code?: unknown }).code !== 'SQLITE_CANTOPEN') throw e;
    const wal = `${file}-wal`;
    if (existsSync(wal) && statSync(wal).size > 0)
      throw new StoreUnavailableError(
        `${file} cannot be opened to read here: its folder is read-only and ${wal} holds changes not yet in the file; copy the ledger somewhere it may be written, or copy ${file}-shm with it`,
        { cause: e },
      );
    const image = readFileSync(file);
    if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
    return new Database(image, { readonly: true });
  }
}
