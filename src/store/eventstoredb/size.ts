import type { JSONEventData } from '@eventstore/db-client';
import { AppendTooLargeError } from '../port.js';

/*
 * EventStoreDB refuses an append whose events together exceed its MaxAppendSize (1 MiB by default). What counts
 * depends on the version (src/EventStore.Core/Data/Event.cs SizeOnDisk): 24.10 counts the data's bytes only
 * (an operator-precedence slip), KurrentDB 25 counts data + metadata bytes + 2 × the type's length. The adapter
 * always counts as 25 does, in UTF-8 bytes as the client sends them, so a ledger that fits one fits both.
 */

/** The server's default MaxAppendSize (ClusterVNodeOptions.cs). */
export const MAX_APPEND_SIZE = 1024 * 1024;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** What one event counts against the maximum append size: the client sends JSON.stringify of data and metadata. */
export function appendSize(e: JSONEventData): number {
  const metadata = e.metadata === undefined ? 0 : utf8(JSON.stringify(e.metadata));
  return utf8(JSON.stringify(e.data)) + metadata + e.type.length * 2;
}

/**
 * Refuses, before anything is written, an append the server would refuse: one event over the limit can never be
 * stored; several that are over it together cannot be stored atomically (the port's all-or-nothing append).
 */
export function checkAppendSize(streamId: string, events: { id: string; wire: JSONEventData }[], limit: number): void {
  let total = 0;
  for (const e of events) {
    const size = appendSize(e.wire);
    if (size > limit) throw tooBig(`event ${e.id} for ${streamId} is ${size} bytes`, size, limit);
    total += size;
  }
  if (total > limit)
    throw tooBig(
      `these ${events.length} events for ${streamId} are ${total} bytes together, and one append is all or nothing`,
      total,
      limit,
    );
}

const tooBig = (what: string, bytes: number, limit: number) =>
  new AppendTooLargeError(
    `${what}: EventStoreDB takes at most ${limit} bytes in one append (its MaxAppendSize); send fewer or smaller events at a time`,
    bytes,
    limit,
  );

/**
 * Consecutive runs of events whose sizes stay within the limit (for restore, which may cut a stream's events into
 * several appends). A single event over the limit is refused by `checkAppendSize` before anything is written.
 */
export function* runsWithin<T>(
  events: T[],
  sizeOf: (e: T) => number,
  limit: number,
  sameRun: (a: T, b: T) => boolean,
): Iterable<T[]> {
  let run: T[] = [];
  let bytes = 0;
  for (const e of events) {
    const size = sizeOf(e);
    const last = run[run.length - 1];
    if (last !== undefined && (!sameRun(last, e) || bytes + size > limit)) {
      yield run;
      run = [];
      bytes = 0;
    }
    run.push(e);
    bytes += size;
  }
  if (run.length > 0) yield run;
}
