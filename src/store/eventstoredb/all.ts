import { BACKWARDS, END, FORWARDS, START, type AllStreamResolvedEvent, type Position } from '@eventstore/db-client';
import type { StoredEvent } from '../../events/envelope.js';
import type { ReadAllOptions } from '../port.js';
import type { EsdbClient } from './client.js';
import { compareEsdbPositions, positionFromString } from './mapping.js';

/** What reading $all needs from the store: the client, the decoder (null = not a ledger event) and error mapping. */
export interface AllReader {
  client: EsdbClient;
  decode(r: AllStreamResolvedEvent): StoredEvent | null;
  fail(err: unknown): unknown;
}

const DEFAULT_PAGE = 1000;

/**
 * $all in position order, a page at a time. The client (v6) reads $all unfiltered, so system events and other
 * namespaces are dropped here; pages hold exactly pageSize ledger events (the last may hold fewer). Reads from
 * a position include it, so the cursor's own event is skipped.
 */
export async function* readLedgerPages(reader: AllReader, options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
  const size = options.pageSize ?? DEFAULT_PAGE;
  const rawSize = Math.max(size, 256);
  const to = options.to === undefined ? null : BigInt(options.to);
  let cursor: Position | null =
    options.after === undefined || options.after === '0' ? null : positionFromString(options.after);
  let page: StoredEvent[] = [];
  for (;;) {
    let raw = 0;
    try {
      const read: AsyncIterable<AllStreamResolvedEvent> = reader.client.readAll({
        fromPosition: cursor ?? START,
        direction: FORWARDS,
        maxCount: rawSize,
      });
      for await (const r of read) {
        raw += 1;
        const position: Position | undefined = r.event?.position;
        if (!position || (cursor && compareEsdbPositions(position, cursor) <= 0)) continue; // reads from a position include it
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
    } catch (err) {
      throw reader.fail(err);
    }
    if (raw < rawSize) break;
  }
  if (page.length > 0) yield page;
}

/** The last ledger event's position: $all read backwards past system events and other namespaces ('0' when none). */
export async function lastLedgerPosition(reader: AllReader): Promise<string> {
  let cursor: Position | null = null;
  for (;;) {
    let raw = 0;
    try {
      const read: AsyncIterable<AllStreamResolvedEvent> = reader.client.readAll({
        fromPosition: cursor ?? END,
        direction: BACKWARDS,
        maxCount: 256,
      });
      for await (const r of read) {
        raw += 1;
        const position: Position | undefined = r.event?.position;
        if (!position || (cursor && compareEsdbPositions(position, cursor) >= 0)) continue;
        cursor = position;
        const e = reader.decode(r);
        if (e) return e.position;
      }
    } catch (err) {
      throw reader.fail(err);
    }
    if (raw < 256) return '0';
  }
}
