import type { Request, Response, Router } from 'express';
import type { DecisionView } from '../../projections/audit-views.js';
import { formatDate, formatNumber } from '../present/format.js';
import type { WebContext } from './context.js';
import { asOfFrom, badCut, cutOf, flashOf, q, quarterParam, read } from './cuts.js';
import { decisionCard } from './decision-view.js';
import { indicatorCard, journeyView, quartersOf, timelineItems } from './journey-view.js';
import { namesFrom } from './names.js';
import { gapCard } from './gap-words.js';
import { flatJourney } from './read-model.js';

/**
 * The journey pages. Thin: parse the query, ask the access policy (src/domain/policy.ts), ask the read model, shape
 * it for people (journey-view.ts), render. Every page that shows state takes `?asOf=` or `?at=`, as the API does.
 */

/** Replay steps: decisions in the order they were taken (ties: by id, so the order is stable). */
const replayOrder = (ds: DecisionView[]): DecisionView[] =>
  [...ds].sort((a, b) =>
    a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : a.decisionId < b.decisionId ? -1 : 1,
  );

export function pageRoutes(router: Router, ctx: WebContext): void {
  const { reads } = ctx.deps;
  const noJourney = (req: Request, res: Response) =>
    ctx.problem(req, res, 404, 'No such journey', `No journey has been charted at ${req.path}.`);

  router.get('/', async (req, res) => {
    if (ctx.refuse(req, res, read('journeys'), 'read the journeys')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(ctx, req, res);
    const overview = await reads.overviewWithGaps(cut);
    const journeys = overview.journeys.map((j) => ({
      ...j,
      gaps: j.gaps.map((g) => gapCard(g, g.unit, overview.referenceDay)),
      trendWords:
        j.trend.length >= 2
          ? `From ${formatNumber(j.trend[0]!.value, 1)}% on ${formatDate(j.trend[0]!.date)} to ${formatNumber(j.trend[j.trend.length - 1]!.value, 1)}%.`
          : null,
    }));
    ctx.page(req, res, 'overview', { title: 'City overview', nav: 'overview', journeys });
  });

  router.get('/journeys/:journeyId', async (req, res) => {
    const journeyId = req.params.journeyId as string;
    if (ctx.refuse(req, res, read('journeys', { journeyId }), 'read the journeys')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(ctx, req, res);
    const found = await reads.journey(journeyId, cut);
    if (!found) return noJourney(req, res);
    const journey = flatJourney(found);
    const can = ctx.can(req, { journeyId });
    const view = journeyView(found, {
      quarter: quarterParam(req),
      savedEntry: q(req.query.entry) || null,
      can,
      referenceDay: found.referenceDay,
      ledgerDetails: ctx.deps.policy.may(req.actor, read('ledger')),
    });
    ctx.page(req, res, 'journey', {
      title: journey.title,
      nav: 'overview',
      journey,
      view,
      can,
      flash: flashOf(req.query.saved),
      asOf: cut ? found.asOf : null,
    });
  });

  router.get('/journeys/:journeyId/timeline', async (req, res) => {
    const journeyId = req.params.journeyId as string;
    if (ctx.refuse(req, res, read('journeys', { journeyId }), 'read the journeys')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(ctx, req, res);
    const found = await reads.journey(journeyId, cut);
    if (!found) return noJourney(req, res);
    const quarter = quarterParam(req);
    const names = namesFrom(found.timeline, {
      indicators: new Map(found.indicators.map((i) => [i.indicatorId, i.name])),
    });
    const all = timelineItems(found.timeline, names, ctx.deps.policy.may(req.actor, read('ledger')));
    const shown = quarter ? all.filter((e) => e.quarter === quarter) : all;
    // Grouped by quarter, newest first: a long timeline reads as chapters.
    const groups: { quarter: string; label: string; entries: typeof shown }[] = [];
    for (const e of shown) {
      const last = groups[groups.length - 1];
      if (last && last.quarter === e.quarter) last.entries.push(e);
      else groups.push({ quarter: e.quarter, label: e.quarter.replace(/^(\d{4})-(Q\d)$/, '$2 $1'), entries: [e] });
    }
    ctx.page(req, res, 'timeline', {
      title: `Timeline: ${found.journey.title}`,
      nav: 'overview',
      journey: flatJourney(found),
      groups,
      count: shown.length,
      quarter,
      quarters: quartersOf(found.timeline.map((e) => e.occurredAt)),
    });
  });

  router.get('/journeys/:journeyId/replay', async (req: Request, res: Response) => {
    const journeyId = req.params.journeyId as string;
    if (ctx.refuse(req, res, read('journeys', { journeyId }), 'replay the journeys')) return;
    const found = await reads.journey(journeyId);
    if (!found) return noJourney(req, res);
    const now = flatJourney(found);
    const steps = replayOrder(now.decisions);
    const asOfParam = q(req.query.asOf);
    const decisionParam = q(req.query.decision);
    let index = -1;
    let asOf: string | null = null;
    if (decisionParam) {
      index = steps.findIndex((d) => d.decisionId === decisionParam);
      if (index < 0)
        return ctx.problem(
          req,
          res,
          404,
          'No such decision',
          `This journey has no such decision (${req.originalUrl}).`,
        );
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
    const names = namesFrom(found.timeline, {
      indicators: new Map(found.indicators.map((i) => [i.indicatorId, i.name])),
    });
    const can = ctx.can(req, { journeyId });
    const chosen = index >= 0 ? steps[index]! : null;
    const decision = chosen
      ? decisionCard(chosen, names, {
          callIn: can.CallInDecision === true,
          concludeCallIn: can.ConcludeCallIn === true,
          supersede: can.SupersedeDecision === true,
        })
      : null;
    // "What did they know when they decided?" = what had been recorded by decidedAt (docs/architecture.md, "The envelope and the two times").
    const thenFound = asOf ? await reads.journey(journeyId, { asOf }) : null;
    const ledgerDetails = ctx.deps.policy.may(req.actor, read('ledger'));
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
      then: thenFound
        ? {
            indicators: thenFound.indicators.map((p) => indicatorCard(p, thenFound.referenceDay)),
            timeline: timelineItems(thenFound.timeline, names, ledgerDetails),
          }
        : { indicators: [], timeline: [] },
    });
  });
}
