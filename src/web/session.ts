import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../events/index.js';

/**
 * Sign-in sessions, kept on the server (docs/decisions.md, "Web sessions"). The cookie is signed, httpOnly and
 * SameSite=Strict and holds only an opaque random id: `v.<id>` for a visitor (what CSRF tokens are bound to), or
 * `s.<id>` for a signed-in session, which lives in this process's memory with the actor it signed in as. A session
 * ends after SESSION_IDLE_MS without a request, SESSION_MAX_MS after sign-in, or at sign-out; then its cookie, copied
 * or not, signs nobody in. The token itself is used once, at sign-in, and kept nowhere. The actor is looked up again
 * on every request, so a revoked token stops working at once. The id is renewed at sign-in and sign-out (no session
 * fixation).
 */
export const SESSION_COOKIE = 'jl_session';
/** A signed-in session ends after 30 minutes without a request… */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** …and 12 hours after sign-in, whatever. */
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** Sessions kept at most (the oldest make way): a flood of sign-ins cannot exhaust the server's memory. */
const MAX_SESSIONS = 10_000;

export interface Session {
  /** The cookie's id: CSRF tokens are bound to it. */
  v: string;
  /** Signed in: the actor the session signed in as. */
  actorId?: string;
}
/** The AccessRegistry fits this as it is (src/app/access-registry.ts). */
export interface WebAuth {
  resolve(token: string): Promise<Actor | null>;
  /** The actor by id, while enrolled and not revoked. */
  actorOf(actorId: string): Promise<Actor | null>;
}

declare module 'express-serve-static-core' {
  interface Request {
    session?: Session;
  }
}

interface Kept {
  actorId: string;
  startedAt: number;
  lastSeenAt: number;
}

/** The signed-in sessions of this process, with their expiry. */
export class SessionStore {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly now: () => number,
    readonly idleMs = SESSION_IDLE_MS,
    readonly maxMs = SESSION_MAX_MS,
  ) {}

  open(actorId: string): string {
    const id = newId();
    const now = this.now();
    this.kept.set(id, { actorId, startedAt: now, lastSeenAt: now });
    if (this.kept.size > MAX_SESSIONS) {
      for (const [k, s] of this.kept) if (!this.live(s, now)) this.kept.delete(k);
      if (this.kept.size > MAX_SESSIONS) this.kept.delete(this.kept.keys().next().value as string);
    }
    return id;
  }

  /** The session's actor id, its idle clock restarted; null once it has expired or ended. */
  touch(id: string): string | null {
    const s = this.kept.get(id);
    if (!s) return null;
    const now = this.now();
    if (!this.live(s, now)) {
      this.kept.delete(id);
      return null;
    }
    s.lastSeenAt = now;
    return s.actorId;
  }

  end(id: string): void {
    this.kept.delete(id);
  }

  private live(s: Kept, now: number): boolean {
    return now - s.lastSeenAt < this.idleMs && now - s.startedAt < this.maxMs;
  }
}

const newId = (): string => randomBytes(24).toString('base64url');

function cookieId(req: Request): { kind: 'v' | 's'; id: string } | null {
  const raw: unknown = req.signedCookies?.[SESSION_COOKIE];
  if (typeof raw !== 'string') return null;
  const m = /^([vs])\.([A-Za-z0-9_-]{16,64})$/.exec(raw);
  return m ? { kind: m[1] as 'v' | 's', id: m[2] as string } : null;
}

function writeCookie(res: Response, value: string, secure: boolean): void {
  res.cookie(SESSION_COOKIE, value, {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: SESSION_MAX_MS,
  });
}

function newVisitor(req: Request, res: Response, secure: boolean): void {
  const v = newId();
  req.session = { v };
  writeCookie(res, `v.${v}`, secure);
}

/** Gives every visitor a cookie id (for CSRF) and, for a live signed-in session, its actor. */
export function sessionMiddleware(auth: WebAuth, sessions: SessionStore, secure: boolean) {
  return async (req: Request, res: Response, next: NextFunction) => {
    delete req.actor;
    const cookie = cookieId(req);
    if (cookie?.kind === 'v') {
      req.session = { v: cookie.id };
      next();
      return;
    }
    const actorId = cookie ? sessions.touch(cookie.id) : null;
    const actor = actorId === null ? null : await auth.actorOf(actorId).catch(() => null);
    if (cookie && actor) {
      req.session = { v: cookie.id, actorId: actor.id };
      req.actor = actor;
    } else {
      // No cookie, a session that has ended, or an actor revoked since: a fresh visitor.
      if (cookie) sessions.end(cookie.id);
      newVisitor(req, res, secure);
    }
    next();
  };
}

export const signIn = (req: Request, res: Response, sessions: SessionStore, actor: Actor, secure: boolean): void => {
  const id = sessions.open(actor.id);
  req.session = { v: id, actorId: actor.id };
  writeCookie(res, `s.${id}`, secure);
};

export const signOut = (req: Request, res: Response, sessions: SessionStore, secure: boolean): void => {
  const cookie = cookieId(req);
  if (cookie?.kind === 's') sessions.end(cookie.id);
  newVisitor(req, res, secure);
};
