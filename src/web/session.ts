import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Actor } from '../events/index.js';

/**
 * The sign-in session: a signed, httpOnly, SameSite=Strict cookie. It holds a random visitor id
 * (what CSRF tokens are bound to) and, once signed in, the access token. The token is resolved again on every
 * request through the auth module, so a revoked token stops working at once and nothing is kept on the server.
 * The visitor id is renewed at sign-in and sign-out (no session fixation).
 */

export const SESSION_COOKIE = 'jl_session';
const MAX_AGE_MS = 12 * 60 * 60 * 1000;

export interface Session {
  v: string;
  t?: string;
}
/** The AccessRegistry fits this as it is (src/app/access-registry.ts). */
export interface WebAuth {
  resolve(token: string): Promise<Actor | null>;
}

declare module 'express-serve-static-core' {
  interface Request {
    session?: Session;
  }
}

const newVisitor = (): string => randomBytes(18).toString('base64url');

export function readSession(req: Request): Session | null {
  const raw: unknown = req.signedCookies?.[SESSION_COOKIE];
  if (typeof raw !== 'string') return null;
  try {
    const s: unknown = JSON.parse(raw);
    if (s && typeof s === 'object' && typeof (s as Session).v === 'string') {
      const t = (s as Session).t;
      return typeof t === 'string' ? { v: (s as Session).v, t } : { v: (s as Session).v };
    }
  } catch {
    /* a tampered or old cookie: start a fresh session */
  }
  return null;
}

export function writeSession(res: Response, session: Session, secure: boolean): void {
  res.cookie(SESSION_COOKIE, JSON.stringify(session), {
    signed: true,
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: MAX_AGE_MS,
  });
}

/** Gives every visitor a session (for CSRF) and resolves the signed-in actor, if any. */
export function sessionMiddleware(auth: WebAuth, secure: boolean) {
  return async (req: Request, res: Response, next: NextFunction) => {
    let session = readSession(req);
    if (!session) {
      session = { v: newVisitor() };
      writeSession(res, session, secure);
    }
    req.session = session;
    delete req.actor;
    if (session.t) {
      const actor = await auth.resolve(session.t).catch(() => null);
      if (actor) req.actor = actor;
      else {
        session = { v: newVisitor() };
        req.session = session;
        writeSession(res, session, secure);
      }
    }
    next();
  };
}

export const signIn = (req: Request, res: Response, token: string, secure: boolean): void => {
  const session = { v: newVisitor(), t: token };
  req.session = session;
  writeSession(res, session, secure);
};
export const signOut = (req: Request, res: Response, secure: boolean): void => {
  const session = { v: newVisitor() };
  req.session = session;
  writeSession(res, session, secure);
};
