import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../events/index.js';

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

/**
 * What an idempotent request asked for: a digest of (actor, Idempotency-Key, the command or commands, which name
 * the route's event and the path's ids, and the body as parsed). Stored as the correlationId of the events the
 * request wrote, so a later request with the same key is a retry only when it asks for the same thing
 * (docs/decisions.md, "Idempotency").
 */
export const requestFingerprint = (actorId: string, key: string, request: unknown): string =>
  `request:${sha256Hex(canonicalJson({ actorId, key, request }))}`;
