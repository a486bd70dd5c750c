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
