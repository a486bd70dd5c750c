import {
  indicatorContext,
  journeyEventsContext,
  ledgerContext,
  ledgerWithJourneys,
  liveContext,
  type ReadSources,
} from '../../projections/contexts.js';
import { indicatorGaps } from '../../projections/gap-progress.js';
import type { LedgerProjections } from '../../projections/index.js';
import { progress, type IndicatorProgress } from '../../projections/progress.js';
import { publishedReports } from '../../projections/published-reports.js';
import {
  accountabilitiesAnswer,
  decisionsAnswer,
  indicatorAnswer,
  journeyAnswer,
  journeyGapsAnswer,
  journeysOfIndicator,
  overviewAnswer,
  timelineAnswer,
  type ReadContext,
} from '../../projections/read-model.js';
import { dateToInstant, endOfDayInstant, type StoredEvent } from '../events/index.js';
import type { ReportFiles } from '../reports/files.js';
import { cityNamesFrom } from './names.js';
import type { IndicatorClaims, WebIndicator, WebJourney, WebReads } from './read-model.js';

/**
 * The web's read port, over the same read contexts as the API (projections/contexts.ts): the live runtime for
 * "now", a replay for a cut (`asOf` or `at`). Published reports come from the published-reports projection; their
 * files from the reports folder (src/reports/files.ts).
 */
export function webReads(sources: ReadSources, files: ReportFiles): WebReads {
  const withPoints = (states: LedgerProjections, p: IndicatorProgress): WebIndicator => {
    const record = progress.query.record(states.progress, p.indicatorId);
    const points = (record?.measurements ?? []).map((m) => ({
      period: m.period,
      value: m.value,
      correctedFrom: m.corrections.length > 0 ? m.recordedValue : null,
    }));
    return { ...p, points };
  };
  /** The journey page's answer, with its timeline: `events` are its timeline's streams read back (contexts.ts). */
  const journeyOf = (ctx: ReadContext, journeyId: string, events: readonly StoredEvent[]): WebJourney | null => {
    const a = journeyAnswer(ctx, journeyId, events);
    if (!a) return null;
    const dependents = new Map<string, string[]>();
    for (const p of a.plans) for (const d of p.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), p.planId]);
    return {
      ...a,
      indicators: a.indicators.map((p) => withPoints(ctx.states, p)),
      plans: a.plans.map((p) => ({ ...p, dependents: dependents.get(p.planId) ?? [] })),
      timeline: timelineAnswer(ctx, journeyId, events)?.entries ?? [],
    };
  };
  const reports = async () => publishedReports.query.all((await liveContext(sources)).states.reports);

  return {
    async overview(cut = null) {
      return overviewAnswer(await ledgerContext(sources, cut)).journeys;
    },
    async overviewWithGaps(cut = null) {
      const ctx = await ledgerContext(sources, cut);
      return {
        referenceDay: ctx.referenceDay,
        journeys: overviewAnswer(ctx).journeys.map((j) => ({ ...j, gaps: journeyGapsAnswer(ctx, j.journeyId) })),
      };
    },
    async journey(journeyId, cut = null) {
      const { ctx, events } = await journeyEventsContext(sources, journeyId, cut, 'timeline');
      return journeyOf(ctx, journeyId, events);
    },
    async indicator(indicatorId, cut = null) {
      const ctx = await indicatorContext(sources, indicatorId, cut);
      const a = indicatorAnswer(ctx, indicatorId);
      const record = progress.query.record(ctx.states.progress, indicatorId);
      if (!a || !record) return null;
      return { ...a, chart: withPoints(ctx.states, a.progress), gaps: indicatorGaps(record, ctx.referenceDay) };
    },
    async claims(indicatorId, cut = null) {
      // What claims to move an indicator lives in the journeys' streams: read over the ledger (live or at the cut),
      // with the own streams of the journeys that track it read back for their changes.
      const tracking = (states: LedgerProjections): string[] => journeysOfIndicator(states, indicatorId);
      const { ctx, events } = await ledgerWithJourneys(sources, cut, tracking);
      if (!indicatorAnswer(ctx, indicatorId)) return null;
      const journeys = tracking(ctx.states);
      const names = new Map<string, string>();
      const claims: IndicatorClaims = { journeys: [], plans: [], changes: [], decisions: [] };
      for (const journeyId of journeys) {
        const j = journeyAnswer(ctx, journeyId, events);
        if (!j) continue;
        names.set(journeyId, j.journey.title);
        claims.journeys.push({ journeyId, title: j.journey.title });
        const about = { journeyId, journeyTitle: j.journey.title };
        for (const p of j.plans) if (p.indicatorIds.includes(indicatorId)) claims.plans.push({ ...about, plan: p });
        for (const c of j.changes)
          if (c.indicatorIds.includes(indicatorId)) claims.changes.push({ ...about, change: c });
        for (const d of j.decisions)
          if (d.expectedEffect.some((e) => e.indicatorId === indicatorId))
            claims.decisions.push({ ...about, decision: d });
      }
      // Newest first, as every list of entries (docs/decisions.md, "Pages written for people").
      claims.changes.sort((a, b) => b.change.occurredAt.localeCompare(a.change.occurredAt));
      claims.decisions.sort((a, b) => b.decision.decidedAt.localeCompare(a.decision.decidedAt));
      return claims;
    },
    async decisions(filter, cut = null) {
      const all = decisionsAnswer(await ledgerContext(sources, cut), {
        ...(filter.decidedBy ? { decidedBy: filter.decidedBy } : {}),
        ...(filter.from ? { fromMs: Date.parse(dateToInstant(filter.from)) } : {}),
        ...(filter.to ? { toMs: Date.parse(endOfDayInstant(filter.to)) } : {}),
      }).decisions;
      return filter.journeyId ? all.filter((d) => d.journeyId === filter.journeyId) : all;
    },
    async accountabilities(filter, cut = null) {
      return accountabilitiesAnswer(await ledgerContext(sources, cut), filter).accountabilities;
    },
    async cityNames(cut = null) {
      return cityNamesFrom((await ledgerContext(sources, cut)).states.names);
    },
    reports,
    async reportFile(period, name) {
      const report = (await reports()).find((r) => r.period === period);
      return report ? files.read(report, name) : null;
    },
  };
}
