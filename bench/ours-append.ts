import type { NewEvent } from '../src/events/envelope.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { changeEvent } from './data.js';
import { nowMs, removeDb, type Sample, sampleOf } from './harness.js';
import { STREAMS } from './raw.js';

/**
 * Our append path through the EventStore port: store.append(streamId, events, { expectedRevision }) with
 * the stream's current revision, one call at a time (each awaited, so each is its own transaction and fsync).
 * Events are built before the clock starts; hashing, chaining and serialising are the store's work and are timed.
 */
export async function oursAppendOnce(file: string, count: number, batchSize: number, seed: number): Promise<Sample> {
  removeDb(file);
  const calls: NewEvent[][] = Array.from({ length: Math.ceil(count / batchSize) }, (_, b) =>
    Array.from({ length: Math.min(batchSize, count - b * batchSize) }, (_, k) => changeEvent(b * batchSize + k)),
  );
  const store = openSqliteStore({ file });
  const revisions = new Map<string, number>();
  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  for (let b = 0; b < calls.length; b++) {
    const streamId = `journey-bench-${seed}-${b % STREAMS}`;
    const r = await store.append(streamId, calls[b]!, { expectedRevision: revisions.get(streamId) ?? 'no_stream' });
    revisions.set(streamId, r.revision);
  }
  const sample = sampleOf(count, t0, cpu0);
  await store.close();
  removeDb(file);
  return sample;
}
