import type { Request, Response } from 'express';
import type { Clock } from '../clock.js';
import type { Ledger } from '../app/ledger.js';
import type { AccessPolicy, Action, Subject } from '../domain/policy.js';
import type { CommandType } from '../events/index.js';
import type { WebReads } from './read-model.js';
import type { Renderer } from './render.js';
import type { WebAuth } from './session.js';

/** What the web's routes are given: the read port, the write side, sign-in and the access policy. */
export interface WebDeps {
  reads: WebReads;
  /** The write side (src/app/ledger.ts): validate → decide → append; rule errors are DomainErrors. */
  ledger: Ledger;
  auth: WebAuth;
  /** Who may read and write what (src/domain/policy.ts): PUBLIC_READ opens journeys, indicators and reports. */
  policy: AccessPolicy;
  /** Signs the session cookie and CSRF tokens; SESSION_SECRET, or a random one per process (sessions end on restart). */
  sessionSecret?: string;
  /** Mark cookies Secure (behind HTTPS): COOKIE_SECURE. */
  secureCookies?: boolean;
  /** Today, for the forms' defaults. */
  clock?: Clock;
  viewsDir?: string;
  publicDir?: string;
  /** Sign-in attempts allowed per IP per window (default 10 per 15 minutes). */
  signInLimit?: { windowMs: number; limit: number };
}

/** …and the page helpers every route renders with. */
export interface WebContext {
  deps: WebDeps & { clock: Clock };
  render: Renderer;
  /** Renders a page in the layout with the session's actor, CSRF token and navigation. */
  page(req: Request, res: Response, view: string, context: Record<string, unknown>, status?: number): void;
  /** An explaining page for 401/403/404/429/500. */
  problem(req: Request, res: Response, status: number, heading: string, message: string, hint?: string): void;
  /**
   * Asks the access policy; when it says no, sends the visitor to sign in (anonymous) or explains the role needed
   * (signed in) and answers true. `what` completes "You need to sign in to …".
   */
  refuse(req: Request, res: Response, action: Action, what: string): boolean;
  /** Which writes the signed-in actor may ask for about a journey or indicator (to show only the forms they may use). */
  can(req: Request, subject?: Subject): Partial<Record<CommandType, boolean>>;
  /** The 403 page for a write outside the journeys the actor's access covers; `why` names the journey. */
  outOfScope(req: Request, res: Response, why: string, what: string): void;
}
