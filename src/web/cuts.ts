import type { Request, Response } from 'express';
import type { Cut } from '../../projections/replay.js';
import type { Action, Readable } from '../domain/policy.js';
import { endOfDayInstant, isInstant, isIsoDate, isPosition } from '../events/index.js';
import type { WebContext } from './context.js';

/** What every read page shares: the query's words, the cut (`?asOf=` or `?at=`), the quarter filter, the flash. */

export const q = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** asOf from a form: a date means the end of that day (everything recorded on it), an instant is taken as given. */
export function asOfFrom(v: string): string | null {
  if (isIsoDate(v)) return endOfDayInstant(v);
  if (isInstant(v)) return new Date(v).toISOString();
  return null;
}

/** The cut a page is asked for: null for now, undefined when the query is not a cut (a 400 page). */
export function cutOf(req: Request): Cut | null | undefined {
  const asOf = q(req.query.asOf);
  const at = q(req.query.at);
  if (asOf && at) return undefined;
  if (at) return isPosition(at) ? { at } : undefined;
  if (asOf) {
    const instant = asOfFrom(asOf);
    return instant === null ? undefined : { asOf: instant };
  }
  return null;
}

export const badCut = (ctx: WebContext, req: Request, res: Response): void =>
  ctx.problem(
    req,
    res,
    400,
    'That is not a date or a ledger position',
    'Give asOf as a date (YYYY-MM-DD) or an instant such as 2026-03-01T09:30:00Z, or at as a ledger position; not both.',
  );

/** The quarter filter: YYYY-Qn, or null for every quarter (anything else is ignored). */
export const quarterParam = (req: Request): string | null => {
  const v = q(req.query.quarter);
  return /^\d{4}-Q[1-4]$/.test(v) ? v : null;
};

export const read = (what: Readable, subject: { journeyId?: string; indicatorId?: string } = {}): Action => ({
  do: 'read',
  what,
  ...subject,
});

const FLASH: Record<string, string> = {
  journey: 'The journey was charted.',
  reframe: 'The journey was reframed.',
  conclude: 'The journey was concluded.',
  plan: 'The plan was adopted.',
  'plan-revised': 'The plan was revised.',
  'plan-withdrawn': 'The plan was withdrawn.',
  change: 'Your change was saved.',
  decision: 'The decision was recorded.',
  superseded: 'The decision is recorded as superseded.',
  challenge: 'Your challenge was recorded.',
  answer: 'Your answer was recorded.',
  'call-in': 'The decision was called in.',
  'call-in-concluded': 'The call-in was concluded.',
  lesson: 'The lesson was saved.',
  perspective: 'The perspective was recorded.',
  accountability: 'The accountability was assigned.',
  discharged: 'The accountability was discharged.',
  indicator: 'The indicator was defined.',
  target: 'The target was revised.',
  measurement: 'The figure was recorded.',
  correction: 'The figure was corrected.',
  group: 'The group was added.',
  gap: 'The gap was defined.',
  'gap-target': "The gap's target was revised.",
};
/** The confirmation after a form was saved (a redirect's ?saved=…); only our own fixed sentences are shown. */
export const flashOf = (v: unknown): string | null => (typeof v === 'string' ? (FLASH[v] ?? null) : null);
