import Database from 'better-sqlite3';
import { canonicalJson } from '../src/events/canonical.js';
import type { StoredEvent } from '../src/events/envelope.js';
import { applyPragmas, COLUMNS, eventToParams, INSERT_SQL, SCHEMA_SQL } from '../src/store/sqlite-schema.js';
import { changeEvent, GENESIS_HASH, storedChain } from './data.js';
import {
  type BenchConfig,
  type Measurement,
  nowMs,
  rate,
  removeDb,
  repeatToMedian,
  type Sample,
  sampleOf,
} from './harness.js';

/**
 * The physical floor: better-sqlite3 writing and reading the very rows our store writes, in the same table,
 * with the same indexes and the same durable pragmas (WAL, synchronous=FULL). Rows are built and hashed
 * before the clock starts, so only the database work is timed.
 */

export const STREAMS = 10;
export const BATCH = 100;

export function appendSizes(config: BenchConfig): { batchEvents: number; singleEvents: number; repeats: number } {
  return config.quick
    ? { batchEvents: 10_000, singleEvents: 200, repeats: 3 }
    : { batchEvents: 100_000, singleEvents: 1_000, repeats: 5 };
}

/** `count` events split into batches of `batchSize`, round-robin over STREAMS streams, chained per stream. */
export function batchesOfRows(
  count: number,
  batchSize: number,
  seed: number,
): { streamId: string; rows: StoredEvent[] }[] {
  const heads = new Map<string, { revision: number; hash: string }>();
  const recordedAt = new Date(Date.UTC(2026, 10, 25)).toISOString();
  const out: { streamId: string; rows: StoredEvent[] }[] = [];
  for (let b = 0; b * batchSize < count; b++) {
    const streamId = `journey-bench-${seed}-${b % STREAMS}`;
    const head = heads.get(streamId) ?? { revision: -1, hash: GENESIS_HASH };
    const events = Array.from({ length: Math.min(batchSize, count - b * batchSize) }, (_, i) =>
      changeEvent(b * batchSize + i),
    );
    const rows = storedChain(streamId, events, head.revision + 1, head.hash, recordedAt);
    const last = rows[rows.length - 1]!;
    heads.set(streamId, { revision: last.revision, hash: last.hash });
    out.push({ streamId, rows });
  }
  return out;
}

/** Bind parameters of a stored row, as the store binds them (data as its canonical JSON). */
export const toParams = (e: StoredEvent): unknown[] => eventToParams(e, canonicalJson(e.data));

export function openRawDb(file: string): Database.Database {
  removeDb(file);
  const db = new Database(file);
  applyPragmas(db, false);
  db.exec(SCHEMA_SQL);
  return db;
}

/** Raw insert of `count` rows: one transaction (one fsync) per batch of `batchSize`, autocommit when 1. */
export function rawAppendOnce(file: string, count: number, batchSize: number, seed: number): Sample {
  const batches = batchesOfRows(count, batchSize, seed).map((b) => b.rows.map(toParams));
  const db = openRawDb(file);
  const insert = db.prepare(INSERT_SQL);
  const writeBatch = db.transaction((rows: unknown[][]) => {
    for (const r of rows) insert.run(...r);
  });
  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  if (batchSize === 1) {
    for (const b of batches) insert.run(...b[0]!); // autocommit: one fsync per row
  } else {
    for (const b of batches) writeBatch(b);
  }
  const sample = sampleOf(count, t0, cpu0);
  db.close();
  removeDb(file);
  return sample;
}

interface DataRow {
  data: string;
}

/**
 * Raw read + parse of the prepared ledger: every row, every column our store reads, in position order, pages
 * of 1000 as our rebuild reads them, rows as arrays (better-sqlite3's fastest mode), `JSON.parse` of each
 * payload. Also times the read alone and `JSON.parse` alone (extra columns).
 */
export async function rawReadParse(config: BenchConfig): Promise<Measurement> {
  const db = new Database(config.ledgerFile, { readonly: true });
  const page = db
    .prepare<[number, number], unknown[]>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
    .raw(true);
  const DATA = COLUMNS.split(',')
    .map((c) => c.trim())
    .indexOf('data');
  const readAll = (parse: boolean): number => {
    let after = 0;
    let n = 0;
    let keys = 0;
    for (;;) {
      const rows = page.all(after, 1000);
      for (const r of rows) {
        if (parse) keys += Object.keys(JSON.parse(r[DATA] as string) as object).length;
        n += 1;
      }
      if (rows.length < 1000) break;
      after = rows[rows.length - 1]![0] as number;
    }
    if (parse && keys === 0 && n > 0) throw new Error('parsed nothing');
    return n;
  };
  const count = readAll(false);
  const timed = (parse: boolean) => (): number => {
    const t0 = nowMs();
    readAll(parse);
    return rate(count, nowMs() - t0);
  };
  const repeats = config.quick ? 3 : 3;
  const readParse = await repeatToMedian(timed(true), { warmups: 1, repeats, unit: 'events/s' });
  const readOnly = await repeatToMedian(timed(false), { warmups: 0, repeats, unit: 'events/s' });
  const payloads = db
    .prepare<[], DataRow>('SELECT data FROM events ORDER BY position')
    .all()
    .map((r) => r.data);
  db.close();
  const parseOnly = await repeatToMedian(
    () => {
      const t0 = nowMs();
      let keys = 0;
      for (const p of payloads) keys += Object.keys(JSON.parse(p) as object).length;
      if (keys === 0) throw new Error('parsed nothing');
      return rate(payloads.length, nowMs() - t0);
    },
    { warmups: 1, repeats, unit: 'events/s' },
  );
  return {
    ...readParse,
    extra: { events: count, readOnlyPerS: Math.round(readOnly.value), jsonParseOnlyPerS: Math.round(parseOnly.value) },
  };
}
