import type { Router } from 'express';
import type { RegisterFilter } from '../../projections/accountability.js';
import { isIsoDate, quarterOf } from '../events/index.js';
import { periodLabel } from '../present/format.js';
import type { WebContext } from './context.js';
import { badCut, cutOf, flashOf, q, quarterParam, read } from './cuts.js';
import { decisionCard } from './decision-view.js';
import { accountabilityRows, indicatorCard, quartersOf } from './journey-view.js';
import { gapCard, gapChartInput, groupWords } from './gap-words.js';
import { flatIndicator } from './read-model.js';

/** The pages across journeys: an indicator (turn the curve), who decided what, the accountability register. */
export function listPages(router: Router, ctx: WebContext): void {
  const { reads } = ctx.deps;

  router.get('/indicators/:indicatorId', async (req, res) => {
    const indicatorId = req.params.indicatorId as string;
    if (ctx.refuse(req, res, read('indicators', { indicatorId }), 'read the indicators')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(ctx, req, res);
    const [found, claims, names] = await Promise.all([
      reads.indicator(indicatorId, cut),
      reads.claims(indicatorId, cut),
      reads.cityNames(cut),
    ]);
    if (!found || !claims)
      return ctx.problem(req, res, 404, 'No such indicator', `No indicator has been defined at ${req.path}.`);
    const indicator = flatIndicator(found);
    const can = ctx.can(req, { indicatorId });
    const byJourney = new Map(claims.journeys.map((j) => [j.journeyId, ctx.can(req, { journeyId: j.journeyId })]));
    ctx.page(req, res, 'indicator', {
      title: indicator.name,
      nav: 'overview',
      indicator,
      card: indicatorCard(found.chart, found.referenceDay),
      claims: {
        ...claims,
        decisions: claims.decisions.map((d) => ({
          ...d,
          card: decisionCard(
            d.decision,
            names,
            {
              callIn: byJourney.get(d.journeyId)?.CallInDecision === true,
              concludeCallIn: byJourney.get(d.journeyId)?.ConcludeCallIn === true,
              supersede: false,
            },
            d.journeyTitle,
          ),
        })),
        any: claims.plans.length + claims.changes.length + claims.decisions.length > 0,
      },
      measurements: [...indicator.measurements]
        .sort((a, b) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0))
        .map((m) => ({ ...m, periodLabel: periodLabel(m.period) })),
      groups: found.gaps.groups.map((g) => ({ ...g, words: groupWords(g, found.gaps.unit) })),
      gaps: found.gaps.gaps.map((g) => ({
        ...gapCard(g, found.gaps.unit, found.referenceDay),
        chart: gapChartInput(g, found.gaps),
      })),
      can,
      flash: flashOf(req.query.saved),
    });
  });

  router.get('/decisions', async (req, res) => {
    if (ctx.refuse(req, res, read('decisions'), 'search who decided what')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(ctx, req, res);
    const filter = {
      decidedBy: q(req.query.decidedBy),
      from: q(req.query.from),
      to: q(req.query.to),
      journeyId: q(req.query.journeyId),
      quarter: quarterParam(req) ?? '',
    };
    const errorList = [
      ...(filter.from && !isIsoDate(filter.from)
        ? [{ href: '#from', message: 'The start date must be a real date, like 2026-09-30' }]
        : []),
      ...(filter.to && !isIsoDate(filter.to)
        ? [{ href: '#to', message: 'The end date must be a real date, like 2026-09-30' }]
        : []),
    ];
    const [all, decisions, journeys, names] = await Promise.all([
      reads.decisions({}, cut),
      reads.decisions(
        {
          ...(filter.decidedBy ? { decidedBy: filter.decidedBy } : {}),
          ...(filter.journeyId ? { journeyId: filter.journeyId } : {}),
          ...(filter.from && isIsoDate(filter.from) ? { from: filter.from } : {}),
          ...(filter.to && isIsoDate(filter.to) ? { to: filter.to } : {}),
        },
        cut,
      ),
      reads.overview(cut),
      reads.cityNames(cut),
    ]);
    const titles = new Map(journeys.map((j) => [j.journeyId, j.title]));
    const abilities = new Map(journeys.map((j) => [j.journeyId, ctx.can(req, { journeyId: j.journeyId })]));
    const shown = decisions
      .filter((d) => !filter.quarter || quarterOf(d.decidedAt.slice(0, 10)) === filter.quarter)
      .sort((a, b) => (a.decidedAt < b.decidedAt ? 1 : a.decidedAt > b.decidedAt ? -1 : 0))
      .map((d) => {
        const can = abilities.get(d.journeyId) ?? {};
        return decisionCard(
          d,
          names,
          {
            callIn: can.CallInDecision === true,
            concludeCallIn: can.ConcludeCallIn === true,
            supersede: can.SupersedeDecision === true,
          },
          titles.get(d.journeyId) ?? 'another journey',
        );
      });
    const makers = [...new Set(all.map((d) => d.decidedBy))].sort((a, b) => a.localeCompare(b, 'en-GB'));
    ctx.page(
      req,
      res,
      'decisions',
      {
        title: 'Who decided what',
        nav: 'decisions',
        filter,
        decisions: shown,
        journeys,
        makers,
        quarters: quartersOf(all.map((d) => d.decidedAt)),
        errorList,
      },
      errorList.length ? 400 : 200,
    );
  });

  router.get('/accountabilities', async (req, res) => {
    if (ctx.refuse(req, res, read('accountabilities'), 'read the accountability register')) return;
    const cut = cutOf(req);
    if (cut === undefined) return badCut(ctx, req, res);
    const statuses = [
      { value: 'open', label: 'Open' },
      { value: 'overdue', label: 'Overdue' },
      { value: 'discharged', label: 'Discharged' },
    ];
    const filter = {
      holder: q(req.query.holder),
      status: statuses.some((s) => s.value === q(req.query.status)) ? q(req.query.status) : '',
      journeyId: q(req.query.journeyId),
    };
    const [rows, reviews, journeys, names] = await Promise.all([
      reads.accountabilities(
        {
          ...(filter.holder ? { holder: filter.holder } : {}),
          ...(filter.status ? { status: filter.status as RegisterFilter['status'] } : {}),
          ...(filter.journeyId ? { journeyId: filter.journeyId } : {}),
        },
        cut,
      ),
      reads.accountabilities(filter.journeyId ? { journeyId: filter.journeyId } : {}, cut),
      reads.overview(cut),
      reads.cityNames(cut),
    ]);
    const titles = new Map(journeys.map((j) => [j.journeyId, j.title]));
    const abilities = new Map(journeys.map((j) => [j.journeyId, ctx.can(req, { journeyId: j.journeyId })]));
    const referenceDay = (cut && 'asOf' in cut ? cut.asOf : ctx.deps.clock.now().toISOString()).slice(0, 10);
    const withJourney = <T extends { journeyId: string }>(r: T) => ({
      ...r,
      journeyTitle: titles.get(r.journeyId) ?? 'another journey',
      canDischarge: abilities.get(r.journeyId)?.DischargeAccountability === true,
    });
    ctx.page(req, res, 'accountabilities', {
      title: 'Accountabilities',
      nav: 'accountabilities',
      filter,
      statuses,
      journeys,
      rows: accountabilityRows(
        rows.filter((r) => r.kind === 'accountability'),
        referenceDay,
        names,
      ).map(withJourney),
      // Plans' review dates are reviews due, listed apart and never counted as overdue accountabilities.
      reviews: reviews.filter((r) => r.kind === 'plan' && r.dueBy !== null).map(withJourney),
    });
  });
}
