import { Router, type Request } from 'express';
import { z } from 'zod';
import {
  indicatorContext,
  journeyContext,
  journeyEventsContext,
  ledgerContext,
  type ReadSources,
} from '../../projections/contexts.js';
import {
  accountabilitiesAnswer,
  auditAnswer,
  decisionsAnswer,
  gapsAnswer,
  groupKnown,
  indicatorAnswer,
  journeyAnswer,
  overviewAnswer,
  progressAnswer,
  timelineAnswer,
  type ReadContext,
} from '../../projections/read-model.js';
import type { Cut } from '../../projections/replay.js';
import {
  dateToInstant,
  endOfDayInstant,
  isInstant,
  isIsoDate,
  isPosition,
  Slug,
  type StoredEvent,
} from '../events/index.js';
import { LiveAnswers } from './live-answers.js';
import { badRequest, fieldErrors, notFoundProblem } from './problem.js';

/**
 * The read routes that show projected state. Every one takes `?asOf=<instant>` (events recorded by
 * then) or `?at=<position>` (events up to that position); without either it answers from the live runtime.
 * Authentication and roles are the app's business (this router is mounted under /api after them).
 */

const asOf = z.string().refine(isInstant, 'must be an ISO 8601 UTC instant, e.g. 2026-03-01T09:30:00Z').optional();
const at = z.string().refine(isPosition, 'must be a ledger position (a whole number)').optional();
const CutQuery = z.strictObject({ asOf, at });
/** `?group=`: one of the indicator's groups, or `all` (the whole population). */
const GroupQuery = z.strictObject({ asOf, at, group: Slug.optional() });
const day = z
  .string()
  .refine((s) => isIsoDate(s) || isInstant(s), 'must be a date YYYY-MM-DD or an ISO 8601 UTC instant')
  .optional();
const DecisionsQuery = z.strictObject({
  asOf,
  at,
  decidedBy: z.string().trim().min(1).max(200).optional(),
  from: day,
  to: day,
});
const AccountabilitiesQuery = z.strictObject({
  asOf,
  at,
  holder: z.string().trim().min(1).max(200).optional(),
  status: z.enum(['open', 'overdue', 'discharged', 'review-due']).optional(),
});

/** Parses the query: every failing field is listed in one 400; asOf and at together are refused. */
function parseQuery<S extends z.ZodType<{ asOf?: string | undefined; at?: string | undefined }>>(
  schema: S,
  req: Request,
): z.output<S> & { cut: Cut | null } {
  const q = schema.safeParse(req.query);
  if (!q.success) throw badRequest('the query is not valid', fieldErrors(q.error, 'query'));
  const data = q.data;
  if (data.asOf !== undefined && data.at !== undefined) {
    throw badRequest('give asOf or at, not both', [{ path: 'query.at', message: 'cannot be combined with asOf' }]);
  }
  const cut: Cut | null =
    data.asOf !== undefined ? { asOf: data.asOf } : data.at !== undefined ? { at: data.at } : null;
  return { ...data, cut };
}

/** Just the cut (`?asOf=` or `?at=`), for routes outside this router that read as of a moment too. */
export const parseCut = (req: Request): Cut | null => parseQuery(CutQuery, req).cut;

const jsonOrNull = (answer: unknown): string | null => (answer === null ? null : JSON.stringify(answer));

const where = (ctx: ReadContext): string => (ctx.at !== null ? ` at position ${ctx.at}` : ` as of ${ctx.asOf}`);
const noJourney = (journeyId: string, ctx: ReadContext) =>
  notFoundProblem(`no journey ${journeyId} in the ledger${where(ctx)}`);

/** From a date `to` the whole day counts; from an instant, that instant. */
const fromMs = (s: string): number => Date.parse(isIsoDate(s) ? dateToInstant(s) : s);
const toMs = (s: string): number => Date.parse(isIsoDate(s) ? endOfDayInstant(s) : s);

export function createReadRouter(sources: ReadSources): Router {
  const router = Router();

  router.get('/journeys', async (req, res) => {
    const { cut } = parseQuery(CutQuery, req);
    res.json(overviewAnswer(await ledgerContext(sources, cut)));
  });

  // A live answer made from the states alone is made once per ledger position (live-answers.ts); a cut's answer, and
  // one that reads the journey's events back (contexts.ts journeyEventsContext), is made each time.
  const live = new LiveAnswers();
  const journeyRoute = <T extends { asOf: string }>(
    path: string,
    answer: (ctx: ReadContext, journeyId: string, events: readonly StoredEvent[]) => T | null,
    reads?: 'own' | 'timeline',
  ): void => {
    router.get(path, async (req, res) => {
      const { cut } = parseQuery(CutQuery, req);
      const journeyId = String(req.params.journeyId);
      let body: string | null;
      let ctx: ReadContext;
      if (reads === undefined) {
        ctx = await journeyContext(sources, journeyId, cut);
        const c = ctx;
        const make = () => answer(c, journeyId, []);
        const at = { position: sources.runtime.position(), referenceDay: ctx.referenceDay, asOf: ctx.asOf };
        const head = `{"journeyId":${JSON.stringify(journeyId)},"asOf":`;
        body = cut === null ? live.json(`${path} ${journeyId}`, at, head, make) : jsonOrNull(make());
      } else {
        const read = await journeyEventsContext(sources, journeyId, cut, reads);
        ctx = read.ctx;
        body = jsonOrNull(answer(ctx, journeyId, read.events));
      }
      if (body === null) throw noJourney(journeyId, ctx);
      res.type('application/json').send(body);
    });
  };
  journeyRoute('/journeys/:journeyId', journeyAnswer, 'own');
  journeyRoute('/journeys/:journeyId/timeline', timelineAnswer, 'timeline');
  journeyRoute('/journeys/:journeyId/progress', progressAnswer);
  journeyRoute('/journeys/:journeyId/audit', auditAnswer);

  router.get('/decisions', async (req, res) => {
    const q = parseQuery(DecisionsQuery, req);
    const ctx = await ledgerContext(sources, q.cut);
    res.json(
      decisionsAnswer(ctx, {
        ...(q.decidedBy !== undefined ? { decidedBy: q.decidedBy } : {}),
        ...(q.from !== undefined ? { fromMs: fromMs(q.from) } : {}),
        ...(q.to !== undefined ? { toMs: toMs(q.to) } : {}),
      }),
    );
  });

  router.get('/accountabilities', async (req, res) => {
    const q = parseQuery(AccountabilitiesQuery, req);
    const ctx = await ledgerContext(sources, q.cut);
    res.json(
      accountabilitiesAnswer(ctx, {
        ...(q.holder !== undefined ? { holder: q.holder } : {}),
        ...(q.status !== undefined ? { status: q.status } : {}),
      }),
    );
  });

  /** An indicator's route: the cut, the 404, and `?group=` refused with a 400 naming a group it does not have. */
  const indicatorRoute = <T>(
    path: string,
    answer: (ctx: ReadContext, indicatorId: string, group?: string) => T | null,
  ): void => {
    router.get(path, async (req, res) => {
      const { cut, group } = parseQuery(GroupQuery, req);
      const indicatorId = String(req.params.indicatorId);
      const ctx = await indicatorContext(sources, indicatorId, cut);
      const known = group === undefined ? true : groupKnown(ctx, indicatorId, group);
      if (known === false) {
        throw badRequest(`indicator ${indicatorId} has no group ${group}${where(ctx)}`, [
          {
            path: 'query.group',
            message: `indicator ${indicatorId} has no group "${group}" (give one of its groups, or all)`,
          },
        ]);
      }
      const body = answer(ctx, indicatorId, group);
      if (body === null) throw notFoundProblem(`no indicator ${indicatorId} in the ledger${where(ctx)}`);
      res.json(body);
    });
  };
  indicatorRoute('/indicators/:indicatorId', indicatorAnswer);
  indicatorRoute('/indicators/:indicatorId/gaps', gapsAnswer);

  return router;
}
