import { createHash } from 'node:crypto';

/**
 * The event id of an idempotent request: a UUID-shaped (version 8, RFC 9562 "custom") sha-256 digest of
 * (actor, Idempotency-Key, index of the event in the request). The same actor retrying with the same key
 * gets the same ids, so the store recognises the retry; another actor's key can never collide with it.
 */
export function idempotentEventId(actorId: string, key: string, index: number): string {
  const h = createHash('sha256').update(`${actorId}\u0000${key}\u0000${index}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The item an event is about, for the API's `id`: the id it created or names, else the stream's own id. */
const SUBJECT_FIELDS = [
  'challengeId', 'measurementId', 'accountabilityId', 'decisionId', 'planId', 'changeId', 'lessonId', 'perspectiveId',
  'actorId', 'journeyId', 'indicatorId',
] as const;

export function subjectIdOf(data: unknown, streamKey: string): string {
  const d = data as Record<string, unknown>;
  for (const f of SUBJECT_FIELDS) {
    const v = d[f];
    if (typeof v === 'string') return v;
  }
  return streamKey;
}

/** One task at a time per key (a stream): read → decide → append never interleaves within this process. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => {};
    const mine = new Promise<void>((r) => { release = r; });
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Several keys, taken in sorted order so two multi-key tasks can never wait on each other. */
  async runAll<T>(keys: string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const step = (i: number): Promise<T> => (i === sorted.length ? work() : this.run(sorted[i] as string, () => step(i + 1)));
    return step(0);
  }
}
