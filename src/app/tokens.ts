import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { sha256Hex, type Actor, type JourneyScope, type Role } from '../events/index.js';
import type { Ledger } from './ledger.js';

/** Access tokens: shown once at issue, stored only as their sha-256 (the `access` stream never holds a token). */
const TOKEN_PREFIX = 'jl_';
/** A fresh token: 256 random bits, URL-safe. */
export const newToken = (): string => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string): string => sha256Hex(token);

/** Who runs the CLI: the operating-system user, as a `system` actor (the CLI is trusted with the store file). */
export function operatorActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username || user;
  } catch {
    /* no passwd entry (containers): stay 'unknown' */
  }
  return { id: `cli:${user}`, name: `${user} (journey CLI)`, role: 'system' };
}

/** Enrol an actor with a fresh token; the token itself is returned once and never stored (only its sha-256). */
export async function issueToken(
  ledger: Ledger,
  by: Actor,
  name: string,
  role: Role,
  scope?: JourneyScope,
): Promise<{ actorId: string; token: string }> {
  const token = newToken();
  const result = await ledger.handle(by, {
    type: 'EnrollActor',
    name,
    role,
    tokenHash: hashToken(token),
    ...(scope ? { scope } : {}),
  });
  return { actorId: result.appended.id, token };
}
