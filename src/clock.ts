import { v7 as uuidv7 } from 'uuid';

/** Time and ids are passed in, never read from globals, so every test is deterministic. */
export interface Clock {
  now(): Date;
}
export type IdGenerator = () => string;

export const systemClock: Clock = { now: () => new Date() };
export const uuidV7: IdGenerator = () => uuidv7();

/** A clock that stands still until moved: for tests and the demo generator. */
export function fixedClock(start: string | Date): Clock & { set(t: string | Date): void; advance(ms: number): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (next) => {
      t = new Date(next).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** Deterministic ids for tests: prefix-0001, prefix-0002, … (valid slugs). */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

/**
 * Wait for the next turn of the event loop: long work (a whole-ledger replay, a verification, an import) calls it
 * between pages, so requests that arrived meanwhile (a health check) are answered in between.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
