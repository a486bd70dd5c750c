import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type Direction,
  type Position,
  type ReadPosition,
} from '@eventstore/db-client';
import type { EventRecord } from '../../events/envelope.js';
import { StoreUnavailableError, type ReadAllOptions } from '../port.js';
import type { EsdbClient } from './client.js';
import { onLeader, readWithDeadline } from './guard.js';
import { compareEsdbPositions, isInvalidPosition, positionFromString } from './mapping.js';

/** What reading $all needs from the store: the client, the decoder (null = not a ledger event) and error mapping. */
export interface AllReader {
  client: EsdbClient;
  decode(r: AllStreamResolvedEvent): EventRecord | null;
  /** Maps a client error to the port's (this is a read of $all: access needs $admins). */
  fail(err: unknown): unknown;
  /** How long a read may go without an answer. */
  deadlineMs: number;
  description: string;
}

const DEFAULT_PAGE = 1000;
const RAW_PAGE = 256;

/**
 * One call reading $all, from the leader (a follower may not have what was just acknowledged), within the
 * deadline, retried when a follower answered NotLeader. Errors are the client's (the callers map them).
 */
export async function readAllOnce(
  reader: AllReader,
  fromPosition: ReadPosition,
  direction: Direction,
  maxCount: number,
): Promise<AllStreamResolvedEvent[]> {
  return onLeader(async () => {
    const out: AllStreamResolvedEvent[] = [];
    const read = reader.client.readAll({ fromPosition, direction, maxCount, requiresLeader: true });
    const expire = () =>
      new StoreUnavailableError(
        `EventStoreDB at ${reader.description} sent nothing for ${reader.deadlineMs / 1000} s while reading $all`,
      );
    for await (const r of readWithDeadline(read, reader.deadlineMs, expire)) out.push(r);
    return out;
  });
}

/**
 * $all in position order, a page at a time, without system events or other applications' events; pages hold
 * exactly pageSize ledger events (the last may hold fewer). Forward reads from a position include it, so the
 * cursor's own event is skipped. `after` is normally an event's own position (a checkpoint, a page's `next`);
 * the server refuses to read from any other (a position is a byte offset in its log), and then the read starts at
 * the beginning of $all and skips up to `after` instead.
 */
export async function* readLedgerPages(reader: AllReader, options: ReadAllOptions = {}): AsyncIterable<EventRecord[]> {
  const size = options.pageSize ?? DEFAULT_PAGE;
  const rawSize = Math.max(size, RAW_PAGE);
  const to = options.to === undefined ? null : BigInt(options.to);
  const after = options.after === undefined || options.after === '0' ? null : positionFromString(options.after);
  let from: Position | null = after;
  let cursor: Position | null = after;
  let page: EventRecord[] = [];
  for (;;) {
    let raw: AllStreamResolvedEvent[];
    try {
      raw = await readAllOnce(reader, from ?? START, FORWARDS, rawSize);
    } catch (err) {
      if (from !== null && from === after && isInvalidPosition(err)) {
        from = null; // not an event's own position: find its place from the start
        continue;
      }
      throw reader.fail(err);
    }
    for (const r of raw) {
      const position: Position | undefined = r.event?.position;
      if (!position) continue;
      from = position;
      if (cursor && compareEsdbPositions(position, cursor) <= 0) continue;
      cursor = position;
      if (to !== null && position.commit > to) {
        if (page.length > 0) yield page;
        return;
      }
      const e = reader.decode(r);
      if (!e) continue;
      page.push(e);
      if (page.length === size) {
        yield page;
        page = [];
      }
    }
    if (raw.length < rawSize) break;
  }
  if (page.length > 0) yield page;
}

/**
 * The last ledger event: $all read backwards (which starts before the position it is given) past system events
 * and other applications' events; null for a ledger without events.
 */
export async function lastLedgerEvent(reader: AllReader): Promise<EventRecord | null> {
  let from: ReadPosition = END;
  for (;;) {
    let raw: AllStreamResolvedEvent[];
    try {
      raw = await readAllOnce(reader, from, BACKWARDS, RAW_PAGE);
    } catch (err) {
      throw reader.fail(err);
    }
    for (const r of raw) {
      if (!r.event?.position) continue;
      from = r.event.position;
      const e = reader.decode(r);
      if (e) return e;
    }
    if (raw.length < RAW_PAGE) return null;
  }
}
