import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccessRegistry } from '../app/access-registry.js';
import type { AccessPolicy, Action, Readable } from '../domain/policy.js';
import type { Actor } from '../events/index.js';
import { forbidden, Problem, sendProblem, unauthenticated } from './problem.js';

/**
 * Authentication and authorisation at the API's door: the bearer token names the actor (src/app/access-registry.ts),
 * the one access policy (src/domain/policy.ts) says what it may do.
 */
declare module 'express-serve-static-core' {
  interface Request {
    /** Who is asking: from the bearer token (or the web session), never from the body. Absent = anonymous. */
    actor?: Actor;
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
 * window (429 after that); good tokens are neither counted nor refused, so an office behind one address, or a
 * stranger guessing from it, never locks out a colleague with a valid token.
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

/**
 * Sets req.actor from the bearer token; no token = anonymous (each route then decides); a bad token = 401.
 * The token is resolved first: a valid token is always served, whatever failures came from its address; only
 * failures are counted and slowed (429). The address is the client's as Express sees it (TRUST_PROXY).
 */
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
    const resolved = token === null ? Promise.resolve(null) : registry.resolve(token);
    resolved.then((actor) => {
      if (actor) {
        req.actor = actor;
        next();
        return;
      }
      const who = clientAddress(req);
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
      attempts.fail(who);
      sendProblem(
        res,
        unauthenticated(
          token === null
            ? 'the Authorization header must be "Bearer <token>"'
            : 'the token is unknown or its access was revoked',
        ),
      );
    }, next);
  };
}

/** The client's address: the peer's, or the one the trusted proxies name (Express's `trust proxy`, TRUST_PROXY). */
const clientAddress = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Asks the policy about the action a request takes: 401 for anonymous, 403 for a role that may not. */
export function guard(policy: AccessPolicy, actionOf: (req: Request) => Action): RequestHandler {
  return (req, res, next) => {
    const verdict = policy.authorise(req.actor, actionOf(req));
    if (verdict.allowed) {
      next();
      return;
    }
    if (verdict.status === 401) {
      sendProblem(res, unauthenticated());
      return;
    }
    const role = (req.actor as Actor).role;
    sendProblem(
      res,
      forbidden(verdict.outOfScope ?? `the ${role} role may not do this; it needs ${verdict.roles.join(' or ')}`),
    );
  };
}

/** What a read under /api is about, by its path (anything else: a sign-in is needed, whatever the role). */
function readableOf(path: string): Readable {
  if (/^\/journeys\/[^/]+\/(?:timeline|audit)(?:\/|$)/.test(path)) return 'audit';
  const m = /^\/(journeys|indicators|reports|decisions|accountabilities)(?:\/|$)/.exec(path);
  return m ? (m[1] as Readable) : 'other';
}

/** Reads under /api: the policy asked with what the path is about, and the journey or indicator it names. */
export const guardReads = (policy: AccessPolicy): RequestHandler =>
  guard(policy, (req) => {
    const m = /^\/(journeys|indicators)\/([^/]+)/.exec(req.path);
    const subject = m ? (m[1] === 'journeys' ? { journeyId: m[2] } : { indicatorId: m[2] }) : {};
    return { do: 'read', what: readableOf(req.path), ...subject };
  });
