import { NotLeaderError } from '@eventstore/db-client';
import type { EsdbRead } from './client.js';

/*
 * Deadlines and leader routing for the adapter's calls. Client 6.2.1 gives reads and subscriptions no deadline
 * (they run with `deadline: Infinity` whatever the options say) and cancelling a read does not end its iteration
 * (the cancellation error is swallowed by its ReadStream), so a read from a wedged server would wait forever:
 * the adapter races each read against its own timer instead.
 */

/**
 * The events of a read, failing with `expire()` when the server sends nothing for `ms` while we wait for it.
 * One timer per read, re-armed while events keep coming or while the consumer is busy: a long read that makes
 * progress never expires, a silent one does after between `ms` and 2 × `ms`.
 */
export async function* readWithDeadline<T>(read: EsdbRead<T>, ms: number, expire: () => Error): AsyncGenerator<T> {
  const it = read[Symbol.asyncIterator]();
  let waiting: ((e: Error) => void) | null = null;
  let progressed = false;
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (waiting && !progressed) {
      expired = true;
      waiting(expire());
      return;
    }
    progressed = false;
    timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  try {
    for (;;) {
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = reject;
        it.next().then(resolve, reject);
      });
      waiting = null;
      progressed = true;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
    // An expired read may never settle its pending next(): end the call without waiting for it.
    if (expired) void read.cancel().catch(() => undefined);
    else await it.return?.();
  }
}

/** A promise that fails with `expire()` when it has not settled within `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, expire: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(expire()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How often a call is tried again after a follower answered NotLeader (the client reconnects in between). */
const LEADER_ATTEMPTS = 4;

/**
 * A call that must be served by the leader (`requiresLeader`): a follower answers NotLeaderError naming the
 * leader, the client reconnects to it, and the call is made again, after a short pause that lets the reconnection
 * happen (client 6.2.1 resets its channel asynchronously, on the failed call's completion).
 */
export async function onLeader<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof NotLeaderError) || attempt >= LEADER_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 25 * attempt));
    }
  }
}
