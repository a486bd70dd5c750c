import type { Clock } from '../../clock.js';
import {
  deriveOccurredAt,
  eventHash,
  GENESIS_HASH,
  SCHEMA_VERSION,
  type EventRecord,
  type NewEvent,
} from '../../events/envelope.js';
import { DuplicateEventError, type AppendOptions, type AppendResult } from '../port.js';
import type { IdIndex } from './ids.js';

/** An append's result before its events' ordinals are told (the adapter places them in ledger order). */
export type RecordedAppend = Omit<AppendResult, 'events'> & { events: EventRecord[] };

/** What the append path reads: a stream's events from a revision (from the leader), and the ids it has seen. */
export interface AppendReads {
  range(streamId: string, fromRevision: number, maxCount: number): Promise<EventRecord[]>;
  ids: IdIndex;
}

/**
 * The hash chain of new events after the stream's head; recordedAt never goes backwards in this stream or
 * process (`last` carries the process's latest recordedAt between calls).
 */
export function chainEvents(
  streamId: string,
  events: NewEvent[],
  head: EventRecord | null,
  clock: Clock,
  last: { recordedAt: string },
): Omit<EventRecord, 'position'>[] {
  let recordedAt = clock.now().toISOString();
  for (const t of [head?.recordedAt ?? '', last.recordedAt]) if (t > recordedAt) recordedAt = t;
  last.recordedAt = recordedAt;
  let prevHash = head ? head.hash : GENESIS_HASH;
  let revision = head ? head.revision : -1;
  return events.map((e) => {
    revision += 1;
    const partial = {
      id: e.id,
      type: e.type,
      streamId,
      revision,
      recordedAt,
      occurredAt: e.occurredAt ?? deriveOccurredAt(e.type, e.data, recordedAt),
      actor: e.actor,
      data: e.data,
      schemaVersion: e.schemaVersion ?? SCHEMA_VERSION,
      prevHash,
      ...(e.correlationId !== undefined ? { correlationId: e.correlationId } : {}),
      ...(e.causationId !== undefined ? { causationId: e.causationId } : {}),
    } as Omit<EventRecord, 'position' | 'hash'>;
    const hash = eventHash(partial);
    prevHash = hash;
    return { ...partial, hash } as Omit<EventRecord, 'position'>;
  });
}

/** The events of `stored` as the server holds them now, or null when the place holds something else (or nothing). */
export async function readPlace(
  reads: AppendReads,
  streamId: string,
  stored: Omit<EventRecord, 'position'>[],
): Promise<EventRecord[] | null> {
  const first = stored[0] as Omit<EventRecord, 'position'>;
  const events = await reads.range(streamId, first.revision, stored.length);
  const same = events.length === stored.length && events.every((e, i) => e.id === stored[i]?.id);
  return same ? events : null;
}

/**
 * The appended events as the server holds them, with their positions (stream reads carry them since 22.6). Read
 * from the leader: a follower may not have them yet, and the ids it would show instead are not a duplicate.
 */
export async function readBack(
  reads: AppendReads,
  streamId: string,
  stored: Omit<EventRecord, 'position'>[],
): Promise<RecordedAppend> {
  const events = await readPlace(reads, streamId, stored);
  if (!events) throw new DuplicateEventError((stored[0] as Omit<EventRecord, 'position'>).id, streamId);
  for (const e of events) reads.ids.remember(e.id, streamId, e.revision);
  const replayed = events.some((e, i) => e.hash !== stored[i]?.hash);
  const last = events[events.length - 1] as EventRecord;
  return { streamId, revision: last.revision, position: last.position, events, replayed };
}

/**
 * An idempotent retry: every id already stored, in order, where this call would have put it (DESIGN §4). The place
 * is where the ids were seen, else where the expected revision points, else (for 'any') the stream's tail.
 * An id known to be stored in another stream is refused before anything is written.
 */
export async function findReplay(
  reads: AppendReads,
  streamId: string,
  events: NewEvent[],
  expected: AppendOptions['expectedRevision'],
  head: EventRecord | null,
): Promise<RecordedAppend | null> {
  for (const e of events) {
    const seen = reads.ids.get(e.id);
    if (seen && seen.streamId !== streamId) throw new DuplicateEventError(e.id, seen.streamId);
  }
  if (!head) return null;
  const first = events[0] as NewEvent;
  const k = events.length;
  const seen = reads.ids.get(first.id);
  const place = seen
    ? seen.revision
    : typeof expected === 'number'
      ? head.revision > expected
        ? expected + 1
        : null
      : expected === 'no_stream'
        ? 0
        : head.revision + 1 >= k
          ? head.revision + 1 - k
          : null;
  if (place === null) return null;
  const there = await reads.range(streamId, place, k);
  const matches = there.filter((e, i) => e.id === events[i]?.id).length;
  if (matches === k && there.length === k) {
    const last = there[k - 1] as EventRecord;
    return { streamId, revision: last.revision, position: last.position, events: there, replayed: true };
  }
  if (matches > 0 || seen) throw new DuplicateEventError(first.id, streamId);
  return null;
}
