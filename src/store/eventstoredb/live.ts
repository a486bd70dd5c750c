import {
  AccessDeniedError,
  excludeSystemEvents,
  START,
  type AllStreamResolvedEvent,
  type Position,
} from '@eventstore/db-client';
import { Observable } from 'rxjs';
import type { EventRecord } from '../../events/envelope.js';
import type { EsdbClient } from './client.js';
import { compareEsdbPositions, positionToString } from './mapping.js';

export interface LiveOptions {
  client: EsdbClient;
  /** Where $all ends now (null when empty): the subscription starts there, so nothing after it is missed. */
  end(): Promise<Position | null>;
  /** A recorded event to a ledger event, or null when it is not one of this ledger's. */
  decode(r: AllStreamResolvedEvent): EventRecord | null;
  /** Maps a client error to the port's words (for the log and for a fatal error). */
  fail(err: unknown): unknown;
  /** How long the server may take to confirm a subscription before it is dropped and made again. */
  deadlineMs: number;
  /** First wait before resubscribing after a drop; doubles up to maxDelayMs. */
  retryDelayMs: number;
  maxDelayMs?: number;
  /** Every drop is logged: a feed that silently stops would leave projections stale without a word. */
  log(message: string): void;
  /** Called once the start position is known: appends made after it are sure to be seen. */
  onReady?(): void;
}

/**
 * live$ on EventStoreDB: a subscribeToAll excluding system events, started at the current end of $all. When the
 * connection drops, the server ends the subscription, or it is not confirmed in time, it subscribes again from the
 * last position it saw (a subscription starts after the position it is given), and drops anything at or before
 * that position, so each event is emitted once, in position order. A refused user or an event of the ledger's
 * streams that does not decode ends the feed with that error: subscribing again cannot mend either.
 */
export function liveFeed(o: LiveOptions): Observable<EventRecord> {
  return new Observable<EventRecord>((subscriber) => {
    let stopped = false;
    let current: { unsubscribe(): Promise<void> } | null = null;
    const maxDelay = o.maxDelayMs ?? 5_000;

    const run = async () => {
      let cursor: Position | null = null;
      let started = false;
      let attempt = 0;
      while (!stopped) {
        let timer: NodeJS.Timeout | undefined;
        try {
          if (!started) {
            cursor = await o.end();
            started = true;
            o.onReady?.();
          }
          const feed = o.client.subscribeToAll({
            fromPosition: cursor ?? START,
            filter: excludeSystemEvents(),
            requiresLeader: true,
          });
          current = feed;
          if (stopped) break;
          let confirmed = false;
          feed.once('confirmation', () => {
            confirmed = true;
          });
          const unconfirmed = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              if (!confirmed)
                reject(new Error(`the server did not confirm the subscription within ${o.deadlineMs / 1000} s`));
            }, o.deadlineMs);
          });
          unconfirmed.catch(() => undefined);
          const it = feed[Symbol.asyncIterator]();
          for (;;) {
            const next = confirmed ? await it.next() : await Promise.race([it.next(), unconfirmed]);
            if (next.done || stopped) break;
            const position = next.value.event?.position;
            if (!position) continue;
            if (cursor && compareEsdbPositions(position, cursor) <= 0) continue;
            cursor = position;
            attempt = 0;
            const e = o.decode(next.value);
            if (e) subscriber.next(e);
          }
          if (!stopped) o.log(`the live subscription to $all ended at position ${where(cursor)}; subscribing again`);
        } catch (err) {
          if (stopped) break;
          if (err instanceof AccessDeniedError || (err instanceof Error && err.name === 'MalformedEventError')) {
            subscriber.error(o.fail(err));
            return;
          }
          const mapped = o.fail(err);
          const why = mapped instanceof Error ? mapped.message : String(mapped);
          const delay = Math.min(maxDelay, o.retryDelayMs * 2 ** attempt);
          o.log(
            `the live subscription to $all dropped after position ${where(cursor)} (${why}); subscribing again in ${delay} ms`,
          );
          void current?.unsubscribe().catch(() => undefined);
        } finally {
          clearTimeout(timer);
        }
        if (stopped) break;
        await new Promise((r) => setTimeout(r, Math.min(maxDelay, o.retryDelayMs * 2 ** attempt)));
        attempt += 1;
      }
    };
    void run();
    return () => {
      stopped = true;
      void current?.unsubscribe().catch(() => undefined);
    };
  });
}

const where = (p: Position | null): string => (p ? positionToString(p) : 'the start');
