import type { Request, Response, Router } from 'express';
import type { RegisterFilter } from '../../projections/accountability.js';
import type { DecisionView } from '../../projections/audit-views.js';
import type { Cut } from '../../projections/replay.js';
import type { Action, Readable } from '../domain/policy.js';
import { endOfDayInstant, isInstant, isIsoDate, isPosition } from '../events/index.js';
import { flatIndicator, flatJourney } from './read-model.js';
import type { WebContext } from './context.js';

/**
 * The read pages. Thin: parse the query, ask the access policy (src/domain/policy.ts), ask the read model, render.
 * Every page that shows state takes `?asOf=` (a date or an instant) or `?at=` (a ledger position), as the API does.
 */

const q = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
/** asOf from a form: a date means the end of that day (everything recorded on it), an instant is taken as given. */
export function asOfFrom(v: string): string | null {
  if (isIsoDate(v)) return endOfDayInstant(v);
  if (isInstant(v)) return new Date(v).toISOString();
  return null;
}

/** The cut a page is asked for: null for now, undefined when the query is not a cut (a 400 page). */
function cutOf(req: Request): Cut | null | undefined {
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

const FLASH: Record<string, string> = {
  change: 'Your change was saved.',
  decision: 'The decision was recorded.',
  measurement: 'The measurement was recorded.',
  challenge: 'Your challenge was recorded.',
  answer: 'Your answer was recorded.',
  'call-in': 'The decision was called in.',
};
/** The confirmation after a form was saved (a redirect's ?saved=…); only our own fixed sentences are shown. */
const flashOf = (v: unknown): string | null => (typeof v === 'string' ? (FLASH[v] ?? null) : null);

/** Replay steps: decisions in the order they were taken (ties: by id, so the order is stable). */
export const replayOrder = (ds: DecisionView[]): DecisionView[] =>
  [...ds].sort((a, b) =>
    a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : a.decisionId < b.decisionId ? -1 : 1,
  );

export function pageRoutes(router: Router, ctx: WebContext): void {
  const { reads } = ctx.deps;
  const badCut = (req: Request, res: Response) =>
    ctx.problem(
      req,
      res,
      400,
      'That is not a date or a ledger position',
      'Give asOf as a date (YYYY-MM-DD) or an instant such as 2026-03-01T09:30:00Z, or at as a ledger position; not both.',
    );
  const read = (what: Readable, subject: { journeyId?: string; indicatorId?: string } = {}): Action => ({
    do: 'read',
    what,
    ...subject,
  });

  router.get('/', async (req, res) => {
    if (ctx.refuse(req, res, read('journeys'), 'read the journeys')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(req, res);
    ctx.page(req, res, 'overview', { title: 'City overview', nav: 'overview', journeys: await reads.overview(cut) });
  });

  router.get('/journeys/:journeyId', async (req, res) => {
    if (ctx.refuse(req, res, read('journeys', { journeyId: req.params.journeyId as string }), 'read the journeys'))
      return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(req, res);
    const found = await reads.journey(req.params.journeyId as string, cut);
    if (!found)
      return ctx.problem(req, res, 404, 'No such journey', `No journey ${req.params.journeyId} has been charted.`);
    const journey = flatJourney(found);
    ctx.page(req, res, 'journey', { title: journey.title, nav: 'overview', journey, flash: flashOf(req.query.saved) });
  });

  router.get('/journeys/:journeyId/replay', async (req: Request, res: Response) => {
    const journeyId = req.params.journeyId as string;
    if (ctx.refuse(req, res, read('journeys', { journeyId }), 'replay the journeys')) return;
    const found = await reads.journey(journeyId);
    if (!found) return ctx.problem(req, res, 404, 'No such journey', `No journey ${journeyId} has been charted.`);
    const now = flatJourney(found);
    const steps = replayOrder(now.decisions);
    const asOfParam = q(req.query.asOf);
    const decisionParam = q(req.query.decision);
    let index = -1;
    let asOf: string | null = null;
    if (decisionParam) {
      index = steps.findIndex((d) => d.decisionId === decisionParam);
      if (index < 0)
        return ctx.problem(req, res, 404, 'No such decision', `Journey ${journeyId} has no decision ${decisionParam}.`);
      asOf = steps[index]!.decidedAt;
    } else if (asOfParam) {
      asOf = asOfFrom(asOfParam);
      if (!asOf)
        return ctx.problem(
          req,
          res,
          400,
          'That is not a date',
          'Give the date as YYYY-MM-DD, or an instant such as 2026-03-01T09:30:00Z.',
        );
      // The last decision taken by then is the step shown.
      index = steps.reduce((found, d, i) => (d.decidedAt <= asOf! ? i : found), -1);
    } else if (steps.length > 0) {
      index = 0;
      asOf = steps[0]!.decidedAt;
    }
    const decision = index >= 0 ? steps[index]! : null;
    // "What did they know when they decided?" = what had been recorded by decidedAt (docs/architecture.md, "The envelope and the two times").
    const thenFound = asOf ? await reads.journey(journeyId, { asOf }) : null;
    const then = thenFound ? flatJourney(thenFound) : null;
    ctx.page(req, res, 'replay', {
      title: `Scrutiny replay: ${now.title}`,
      nav: 'overview',
      journey: now,
      asOf,
      asOfDate: asOf ? asOf.slice(0, 10) : '',
      decision,
      decisionCount: steps.length,
      step: decision ? { index: index + 1, total: steps.length } : null,
      prev: index > 0 ? steps[index - 1] : null,
      next: index >= 0 && index < steps.length - 1 ? steps[index + 1] : null,
      then: then ?? { indicators: [], timeline: [] },
    });
  });

  router.get('/indicators/:indicatorId', async (req, res) => {
    const indicatorId = req.params.indicatorId as string;
    if (ctx.refuse(req, res, read('indicators', { indicatorId }), 'read the indicators')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(req, res);
    const found = await reads.indicator(indicatorId, cut);
    if (!found)
      return ctx.problem(
        req,
        res,
        404,
        'No such indicator',
        `No indicator ${req.params.indicatorId} has been defined.`,
      );
    const indicator = flatIndicator(found);
    ctx.page(req, res, 'indicator', {
      title: indicator.name,
      nav: 'overview',
      indicator,
      flash: flashOf(req.query.saved),
    });
  });

  router.get('/decisions', async (req, res) => {
    if (ctx.refuse(req, res, read('decisions'), 'search who decided what')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(req, res);
    const filter = {
      decidedBy: q(req.query.decidedBy),
      from: q(req.query.from),
      to: q(req.query.to),
      journeyId: q(req.query.journeyId),
    };
    const errorList = [
      ...(filter.from && !isIsoDate(filter.from)
        ? [{ field: 'from', message: 'From must be a date, YYYY-MM-DD' }]
        : []),
      ...(filter.to && !isIsoDate(filter.to) ? [{ field: 'to', message: 'To must be a date, YYYY-MM-DD' }] : []),
    ];
    const query = {
      ...(filter.decidedBy ? { decidedBy: filter.decidedBy } : {}),
      ...(filter.journeyId ? { journeyId: filter.journeyId } : {}),
      ...(filter.from && isIsoDate(filter.from) ? { from: filter.from } : {}),
      ...(filter.to && isIsoDate(filter.to) ? { to: filter.to } : {}),
    };
    const [decisions, journeys] = await Promise.all([reads.decisions(query, cut), reads.overview(cut)]);
    ctx.page(
      req,
      res,
      'decisions',
      { title: 'Who decided what', nav: 'decisions', filter, decisions, journeys, errorList },
      errorList.length ? 400 : 200,
    );
  });

  router.get('/accountabilities', async (req, res) => {
    if (ctx.refuse(req, res, read('accountabilities'), 'read the accountability register')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(req, res);
    const statuses = ['open', 'overdue', 'discharged', 'review-due'];
    const filter = {
      holder: q(req.query.holder),
      status: statuses.includes(q(req.query.status)) ? q(req.query.status) : '',
    };
    const rows = await reads.accountabilities(
      {
        ...(filter.holder ? { holder: filter.holder } : {}),
        ...(filter.status ? { status: filter.status as RegisterFilter['status'] } : {}),
      },
      cut,
    );
    ctx.page(req, res, 'accountabilities', {
      title: 'Accountabilities',
      nav: 'accountabilities',
      filter,
      statuses,
      rows,
    });
  });

  router.get('/reports', async (req, res) => {
    if (ctx.refuse(req, res, read('reports'), 'read the published reports')) return;
    ctx.page(req, res, 'reports', { title: 'Published reports', nav: 'reports', reports: await reads.reports() });
  });

  router.get('/reports/:period', async (req, res) => {
    if (ctx.refuse(req, res, read('reports'), 'read the published reports')) return;
    const report = (await reads.reports()).find((r) => r.period === req.params.period);
    if (!report)
      return ctx.problem(req, res, 404, 'No such report', `No report has been published for ${req.params.period}.`);
    const html = report.files.find((f) => f.name.endsWith('.html'));
    const onDisk = html ? await reads.reportFile(report.period, html.name) : null;
    ctx.page(req, res, 'report', {
      title: `Report for ${report.period}`,
      nav: 'reports',
      report,
      reportHtmlUrl: onDisk !== null && html ? `/reports/${report.period}/files/${html.name}` : null,
    });
  });

  /** A published file, served as published (the reports render it; their own CSP-safe HTML). */
  router.get('/reports/:period/files/:name', async (req, res) => {
    if (ctx.refuse(req, res, read('reports'), 'read the published reports')) return;
    const { period, name } = req.params as { period: string; name: string };
    const report = (await reads.reports()).find((r) => r.period === period);
    const listed = report?.files.find((f) => f.name === name);
    const body = listed ? await reads.reportFile(period, name) : null;
    if (body === null)
      return ctx.problem(
        req,
        res,
        404,
        'No such report file',
        `The report for ${period} has no file ${name} on this server.`,
      );
    res
      .type(name.endsWith('.md') ? 'text/markdown; charset=utf-8' : name.endsWith('.html') ? 'html' : 'text/plain')
      .send(body);
  });
}
