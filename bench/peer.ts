import type { Event } from '@event-driven-io/emmett';
import {
  appendToStream,
  createEventStoreSchema,
  readMessagesBatch,
  type SQLiteConnection,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite';
import { join } from 'node:path';
import { changeData } from './data.js';
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
import { STREAMS } from './raw.js';

/**
 * The peer a user would otherwise pick: Emmett's SQLite event store (0.38.5, on the `sqlite3` package).
 * We give it its best case: one long-lived connection (its `getSQLiteEventStore` opens and closes a
 * connection per call on a file database), WAL as it sets itself, and synchronous=FULL as ours.
 * Same payloads, same batch sizes, expected stream version on every append.
 */

async function openPeer(file: string): Promise<SQLiteConnection> {
  removeDb(file);
  const conn = sqliteConnection({ fileName: file });
  await conn.command('PRAGMA journal_mode = WAL');
  await conn.command('PRAGMA synchronous = FULL');
  await conn.command('PRAGMA busy_timeout = 10000');
  await createEventStoreSchema(conn);
  return conn;
}

const message = (n: number): Event => ({ type: 'ChangeReported', data: changeData(n) }) as unknown as Event;

/** Appends `count` events in calls of `batchSize`, round-robin over the streams, each with its expected version. */
async function appendAll(conn: SQLiteConnection, count: number, batchSize: number, seed: number): Promise<void> {
  const versions = new Map<string, bigint>();
  const calls = Array.from({ length: Math.ceil(count / batchSize) }, (_, b) =>
    Array.from({ length: Math.min(batchSize, count - b * batchSize) }, (_, i) => message(b * batchSize + i)),
  );
  for (let b = 0; b < calls.length; b++) {
    const stream = `journey-peer-${seed}-${b % STREAMS}`;
    const expected = versions.get(stream) ?? 0n;
    const msgs = calls[b]!;
    const r = await appendToStream(conn, stream, 'journey', msgs, { expectedStreamVersion: expected });
    if (!r.success) throw new Error(`emmett append to ${stream} failed at version ${expected}`);
    versions.set(stream, r.nextStreamPosition);
  }
}

/** Emmett appending `count` events in calls of `batchSize` to a fresh database. */
export async function peerAppendOnce(file: string, count: number, batchSize: number, seed: number): Promise<Sample> {
  const conn = await openPeer(file);
  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  await appendAll(conn, count, batchSize, seed);
  const sample = sampleOf(count, t0, cpu0);
  conn.close();
  await new Promise((r) => setTimeout(r, 50));
  removeDb(file);
  return sample;
}

/**
 * Emmett reading every event back in global-position order, pages of 1000, payloads parsed (its
 * readMessagesBatch parses data and metadata): the peer of our rebuild's read path. It reads its own
 * copy of the append figure's events (a tenth of the rebuild's in the full run: loading a million events
 * through Emmett would take longer than the rest of the bench).
 */
export async function peerRead(config: BenchConfig): Promise<Measurement> {
  const file = join(config.dir, 'peer-read.db');
  const conn = await openPeer(file);
  const count = config.quick ? 20_000 : 100_000;
  await appendAll(conn, count, 100, 1);
  const readAll = async (): Promise<number> => {
    let after = 0n;
    let n = 0;
    for (;;) {
      const batch = await readMessagesBatch(conn, { after, batchSize: 1000 });
      n += batch.messages.length;
      after = batch.currentGlobalPosition;
      if (!batch.areEventsLeft) return n;
    }
  };
  const m = await repeatToMedian(
    async () => {
      const t0 = nowMs();
      const n = await readAll();
      if (n !== count) throw new Error(`emmett read ${n} of ${count} events`);
      return rate(n, nowMs() - t0);
    },
    { warmups: 1, repeats: 3, unit: 'events/s' },
  );
  conn.close();
  return { ...m, extra: { events: count } };
}
