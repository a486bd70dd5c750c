/**
 * Heavy work (whole-ledger replays, verification, CSV imports, report builds) runs at most `limit` at a time; the
 * rest wait their turn, at most `waiting` of them, and beyond that are refused with `Busy` (503, retry later). Each
 * job also yields to the event loop between its pages (src/clock.ts, nextTurn), so with two at once a health check
 * waits for two pages at most (docs/decisions.md, "Heavy work is bounded").
 */
export type HeavyWork = <T>(work: () => Promise<T>) => Promise<T>;

export class Busy extends Error {
  override readonly name = 'Busy';
}

export function heavyWork(limit = 2, waiting = 64): HeavyWork {
  let running = 0;
  const queue: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running < limit) running += 1;
    else {
      if (queue.length >= waiting)
        throw new Busy(`the ledger is busy with ${running + queue.length} heavy requests: try again shortly`);
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = queue.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
