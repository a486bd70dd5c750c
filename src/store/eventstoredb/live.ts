import { excludeSystemEvents, START, type AllStreamResolvedEvent, type Position } from '@eventstore/db-client';
import { Observable } from 'rxjs';
import type { StoredEvent } from '../../events/envelope.js';
import type { EsdbClient } from './client.js';
import { compareEsdbPositions } from './mapping.js';

export interface LiveOptions {
  client: EsdbClient;
  /** Where $all ends now (null when empty): the subscription starts there, so nothing after it is missed. */
  end(): Promise<Position | null>;
  /** A recorded event to a ledger event, or null when it is not one of this ledger's (another namespace). */
  decode(r: AllStreamResolvedEvent): StoredEvent | null;
  /** First wait before resubscribing after a drop; doubles up to maxDelayMs. */
  retryDelayMs: number;
  maxDelayMs?: number;
  onDrop?(err: unknown, attempt: number): void;
  /** Called once the start position is known: appends made after it are sure to be seen. */
  onReady?(): void;
}

/**
 * live$ on EventStoreDB: a subscribeToAll excluding system events, started at the current end of $all. When the
 * connection drops (or the server ends the subscription), it subscribes again from the last position it saw, and
 * drops anything at or before that position, so each event is emitted once, in position order.
 */
export function liveFeed(o: LiveOptions): Observable<StoredEvent> {
  return new Observable<StoredEvent>((subscriber) => {
    let stopped = false;
    let current: { unsubscribe(): Promise<void> } | null = null;
    const maxDelay = o.maxDelayMs ?? 5_000;

    const run = async () => {
      let cursor: Position | null = null;
      let started = false;
      let attempt = 0;
      while (!stopped) {
        try {
          if (!started) {
            cursor = await o.end();
            started = true;
            o.onReady?.();
          }
          const feed = o.client.subscribeToAll({ fromPosition: cursor ?? START, filter: excludeSystemEvents() });
          current = feed;
          if (stopped) break;
          for await (const r of feed) {
            if (stopped) break;
            const position = r.event?.position;
            if (!position) continue;
            if (cursor && compareEsdbPositions(position, cursor) <= 0) continue;
            cursor = position;
            attempt = 0;
            const e = o.decode(r);
            if (e) subscriber.next(e);
          }
        } catch (err) {
          if (stopped) break;
          if (err instanceof Error && err.name === 'MalformedEventError') {
            subscriber.error(err);
            return;
          }
          o.onDrop?.(err, attempt);
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
