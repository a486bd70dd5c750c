import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { sha256Hex, streamIds, type Actor, type Role } from '../events/index.js';
import { evolveAccess, initialAccessState, type AccessState } from '../domain/access.js';
import type { Decided } from '../domain/commands.js';
import type { EventStore } from '../store/port.js';
import { forbidden, Problem, sendProblem, unauthenticated } from './problem.js';

/**
 * Access control (DESIGN §7). Tokens are shown once at issue and stored only as their sha-256 in the `access`
 * stream. The registry folds that stream and, before every check, reads on from the revision it knows (one
 * indexed lookup of the stream's head), so a revocation made by the CLI in another process counts at once.
 */
declare module 'express-serve-static-core' {
  interface Request {
    /** Who is asking: from the bearer token (or the web session), never from the body. Absent = anonymous. */
    actor?: Actor;
  }
}

export const TOKEN_PREFIX = 'jl_';
/** A fresh token: 256 random bits, URL-safe. */
export const newToken = (): string => `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string): string => sha256Hex(token);

export class AccessRegistry {
  private state: AccessState = initialAccessState();
  private revision = -1;

  constructor(private readonly store: EventStore) {}

  /** Fold whatever the access stream gained since we last looked. */
  async refresh(): Promise<void> {
    const head = await this.store.head(streamIds.access);
    if (!head || head.revision <= this.revision) return;
    for await (const e of this.store.readStream(streamIds.access, { fromRevision: this.revision + 1 })) {
      if (e.revision <= this.revision) continue; // a concurrent refresh folded it already
      this.state = evolveAccess(this.state, e as Decided);
      this.revision = e.revision;
    }
  }

  /** The actor a token belongs to, or null (unknown or revoked). Compares every hash in constant time. */
  async resolve(token: string): Promise<Actor | null> {
    await this.refresh();
    const presented = Buffer.from(hashToken(token), 'hex');
    let found: Actor | null = null;
    for (const [id, a] of this.state.actors) {
      const same = timingSafeEqual(presented, Buffer.from(a.tokenHash, 'hex'));
      if (same && !a.revoked) found = { id, name: a.name, role: a.role as Role };
    }
    return found;
  }

  /** Everyone enrolled, for `journey token list` (never the hashes). */
  async list(): Promise<{ actorId: string; name: string; role: string; revoked: boolean }[]> {
    await this.refresh();
    return [...this.state.actors].map(([actorId, a]) => ({ actorId, name: a.name, role: a.role, revoked: a.revoked }));
  }
}

/** `Authorization: Bearer <token>` → the token, or undefined when absent; a malformed header is a 401. */
export function bearerToken(header: string | undefined): string | undefined | null {
  if (header === undefined || header === '') return undefined;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{8,512})\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/**
 * Failed bearer tokens per client address, in a fixed window: guessing tokens is slowed to `limit` tries per
 * window (429 after that); good tokens are never counted, so an office behind one address is not locked out.
 */
export class FailedAttempts {
  private readonly seen = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly now: () => number,
    readonly limit = 30,
    readonly windowMs = 15 * 60_000,
  ) {}

  blocked(who: string): number | null {
    const s = this.seen.get(who);
    if (!s || s.resetAt <= this.now()) return null;
    return s.count >= this.limit ? Math.ceil((s.resetAt - this.now()) / 1000) : null;
  }

  fail(who: string): void {
    const now = this.now();
    const s = this.seen.get(who);
    if (!s || s.resetAt <= now) this.seen.set(who, { count: 1, resetAt: now + this.windowMs });
    else s.count += 1;
    if (this.seen.size > 10_000) for (const [k, v] of this.seen) if (v.resetAt <= now) this.seen.delete(k);
  }
}

/** Sets req.actor from the bearer token; no token = anonymous (each route then decides); a bad token = 401. */
export function authenticate(
  registry: AccessRegistry,
  attempts: FailedAttempts = new FailedAttempts(Date.now),
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.header('authorization'));
    if (token === undefined) {
      next();
      return;
    }
    const who = req.socket.remoteAddress ?? 'unknown';
    const wait = attempts.blocked(who);
    if (wait !== null) {
      sendProblem(
        res,
        new Problem(429, `too many unknown tokens from this address: try again in ${wait} s`, undefined, {
          'Retry-After': String(wait),
        }),
      );
      return;
    }
    if (token === null) {
      attempts.fail(who);
      sendProblem(res, unauthenticated('the Authorization header must be "Bearer <token>"'));
      return;
    }
    registry.resolve(token).then((actor) => {
      if (!actor) {
        attempts.fail(who);
        sendProblem(res, unauthenticated('the token is unknown or its access was revoked'));
        return;
      }
      req.actor = actor;
      next();
    }, next);
  };
}

/** Only these roles (admin always may): 401 for anonymous, 403 for another role. */
export function allow(...roles: Role[]): RequestHandler {
  const allowed = new Set<string>([...roles, 'admin']);
  return (req, res, next) => {
    if (!req.actor) {
      sendProblem(res, unauthenticated());
      return;
    }
    if (!allowed.has(req.actor.role)) {
      sendProblem(res, forbidden(`the ${req.actor.role} role may not do this; it needs ${[...allowed].join(' or ')}`));
      return;
    }
    next();
  };
}

/** Reading: any signed-in role; with PUBLIC_READ, anonymous visitors may also GET journeys and reports, nothing else. */
export function allowRead(publicRead: boolean): RequestHandler {
  return (req, res, next) => {
    if (req.actor) {
      next();
      return;
    }
    const isPublic =
      publicRead && (req.method === 'GET' || req.method === 'HEAD') && /^\/(journeys|reports)(\/|$)/.test(req.path);
    if (isPublic) {
      next();
      return;
    }
    sendProblem(res, unauthenticated());
  };
}
