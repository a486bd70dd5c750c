import { WHOLE_POPULATION, type StoredEvent } from '../src/events/index.js';
import { accountability, type RegisterEntry, type RegisterFilter } from './accountability.js';
import { auditTrail, type DecisionFilter, type JourneyAuditView } from './audit-trail.js';
import type { DecisionView } from './audit-views.js';
import { cityOverview, type JourneyDetail, type JourneySummary } from './city-overview.js';
import { hasGroup, indicatorGaps, type GapProgress, type IndicatorGaps } from './gap-progress.js';
import type { LedgerProjections } from './index.js';
import { timelineOf, type TimelineEntry } from './journey-timeline.js';
import type { IndicatorStatus } from './progress-math.js';
import {
  progress,
  type CorrectionRecord,
  type IndicatorProgress,
  type MeasurementRecord,
  type TargetRevisionRecord,
} from './progress.js';

/**
 * The answers the API, the web views and the reports give, composed from the projections' queries. Every
 * function is pure: the states (live or replayed over a cut) and the reference day are passed in, and the answers
 * that show a journey's events (its detail, its timeline) take them as read back by the shell where the states stand
 * (projections/contexts.ts `journeyEventsContext`), in position order.
 */
export interface ReadContext {
  states: LedgerProjections;
  /** The date figures are judged at: the date of asOf, or today from the injected clock. */
  referenceDay: string;
  /** The asOf of the cut, or the moment the answer was made when there is no asOf. */
  asOf: string;
  /** The `at` of the cut, when the question gave one. */
  at: string | null;
}

const stamp = (ctx: ReadContext): { asOf: string; at: string | null; referenceDay: string } => ({
  asOf: ctx.asOf,
  at: ctx.at,
  referenceDay: ctx.referenceDay,
});

export const journeyKnown = (ctx: ReadContext, journeyId: string): boolean =>
  cityOverview.query.exists(ctx.states.overview, journeyId);

export const overviewAnswer = (
  ctx: ReadContext,
): { asOf: string; at: string | null; referenceDay: string; journeys: JourneySummary[] } => ({
  ...stamp(ctx),
  journeys: cityOverview.query.overview(ctx.states.overview, ctx.states, ctx.referenceDay),
});

/** A gap of one of a journey's indicators, with the indicator it belongs to. */
export interface JourneyGap extends GapProgress {
  indicatorId: string;
  indicatorName: string;
  /** The indicator's unit, which the gap is counted in. */
  unit: string;
}
/** The gaps of a journey's indicators, indicator by indicator (in the order of its indicators), gap by gap. */
function journeyGaps(ctx: ReadContext, indicators: readonly IndicatorProgress[]): JourneyGap[] {
  return indicators.flatMap((i) => {
    const ind = progress.query.record(ctx.states.progress, i.indicatorId);
    if (!ind) return [];
    return indicatorGaps(ind, ctx.referenceDay).gaps.map((g) => ({
      indicatorId: i.indicatorId,
      indicatorName: i.name,
      unit: i.unit,
      ...g,
    }));
  });
}

/** A journey's gaps on their own, for a page listing journeys beside their gaps (the city overview). */
export const journeyGapsAnswer = (ctx: ReadContext, journeyId: string): JourneyGap[] =>
  journeyGaps(ctx, progress.query.journey(ctx.states.progress, journeyId, ctx.referenceDay).indicators);

export interface JourneyProgressAnswer {
  journeyId: string;
  asOf: string;
  at: string | null;
  referenceDay: string;
  /** The worst of its indicators' (whole-population) statuses: gaps are shown beside them, not folded in. */
  status: IndicatorStatus;
  indicators: IndicatorProgress[];
  gaps: JourneyGap[];
}
export function progressAnswer(ctx: ReadContext, journeyId: string): JourneyProgressAnswer | null {
  if (!journeyKnown(ctx, journeyId)) return null;
  const p = progress.query.journey(ctx.states.progress, journeyId, ctx.referenceDay);
  return {
    journeyId,
    ...stamp(ctx),
    status: p.status,
    indicators: p.indicators,
    gaps: journeyGaps(ctx, p.indicators),
  };
}

export type JourneyAnswer = JourneyDetail & {
  journeyId: string;
  asOf: string;
  at: string | null;
  referenceDay: string;
  status: IndicatorStatus;
  /** The capped mean of its indicators' travelled shares (progress-math.ts journeyTravelledPct). */
  travelledPct: number | null;
  decisions: DecisionView[];
  indicators: IndicatorProgress[];
  gaps: JourneyGap[];
  accountabilities: RegisterEntry[];
};
export function journeyAnswer(
  ctx: ReadContext,
  journeyId: string,
  events: Iterable<StoredEvent>,
): JourneyAnswer | null {
  const detail = cityOverview.query.journey(ctx.states.overview, journeyId, events);
  if (!detail) return null;
  const p = progress.query.journey(ctx.states.progress, journeyId, ctx.referenceDay);
  return {
    journeyId,
    ...stamp(ctx),
    status: p.status,
    travelledPct: p.travelledPct,
    ...detail,
    decisions: auditTrail.query.journeyDecisions(ctx.states.audit, ctx.states.progress, journeyId, ctx.referenceDay),
    indicators: p.indicators,
    gaps: journeyGaps(ctx, p.indicators),
    accountabilities: accountability.query.register(ctx.states.accountability, ctx.referenceDay, { journeyId }),
  };
}

/** The journey's timeline: its streams' events (as the states link them), by occurredAt then position. */
export function timelineAnswer(
  ctx: ReadContext,
  journeyId: string,
  events: Iterable<StoredEvent>,
): { journeyId: string; asOf: string; at: string | null; entries: TimelineEntry[] } | null {
  if (!journeyKnown(ctx, journeyId)) return null;
  const entries = timelineOf(ctx.states.progress.links, journeyId, events);
  return { journeyId, asOf: ctx.asOf, at: ctx.at, entries };
}

export function auditAnswer(
  ctx: ReadContext,
  journeyId: string,
): (JourneyAuditView & { asOf: string; at: string | null; referenceDay: string }) | null {
  if (!journeyKnown(ctx, journeyId)) return null;
  const audit = auditTrail.query.journey(ctx.states.audit, ctx.states.progress, journeyId, ctx.referenceDay) ?? {
    journeyId,
    decisions: [],
    targetRevisions: [],
    corrections: [],
    challenges: [],
    incomplete: [],
  };
  return { ...audit, ...stamp(ctx) };
}

export const decisionsAnswer = (
  ctx: ReadContext,
  filter: DecisionFilter,
): { asOf: string; at: string | null; referenceDay: string; decisions: DecisionView[] } => ({
  ...stamp(ctx),
  decisions: auditTrail.query.decisions(ctx.states.audit, ctx.states.progress, ctx.referenceDay, filter),
});

export const accountabilitiesAnswer = (
  ctx: ReadContext,
  filter: RegisterFilter,
): { asOf: string; at: string | null; referenceDay: string; accountabilities: RegisterEntry[] } => ({
  ...stamp(ctx),
  accountabilities: accountability.query.register(ctx.states.accountability, ctx.referenceDay, filter),
});

export interface IndicatorAnswer {
  indicatorId: string;
  asOf: string;
  at: string | null;
  referenceDay: string;
  source: string | null;
  population: string | null;
  journeyIds: string[];
  /** The whole population's figures (a group has no baseline or target of its own: its figures are in /gaps). */
  progress: IndicatorProgress;
  /** The groups its figures are broken down by, in declaration order. */
  groups: { groupId: string; name: string }[];
  /** The whole population's measurements, or with `group` that group's (`all`: the whole population's). */
  measurements: Omit<MeasurementRecord, 'date'>[];
  targetRevisions: TargetRevisionRecord[];
  /** Every correction, the groups' too (each names its group); with `group`, that series' only. */
  corrections: CorrectionRecord[];
  /** Journeys that track it (links.ts). */
  trackedBy: string[];
}

/**
 * Is `group` a group of the indicator as of the cut (or `all`)? Null when the indicator is not there at all. A
 * route asked for a group that is not refuses the question, naming the group.
 */
export function groupKnown(ctx: ReadContext, indicatorId: string, group: string): boolean | null {
  const ind = progress.query.record(ctx.states.progress, indicatorId);
  return ind ? hasGroup(ind, group) : null;
}

/** The series `group` names (absent or `all`: the whole population). */
const isSeries = (group: string | undefined, m: { group?: string }): boolean =>
  group === undefined || group === WHOLE_POPULATION ? m.group === undefined : m.group === group;

/** The journeys that track an indicator (links.ts), sorted. */
const trackedBy = (states: LedgerProjections, indicatorId: string): string[] => {
  const out: string[] = [];
  for (const [journeyId, ids] of states.progress.links) if (ids.has(indicatorId)) out.push(journeyId);
  return out.sort();
};

/** The journeys an indicator belongs to: those its definition names and those that track it, sorted. */
export function journeysOfIndicator(states: LedgerProjections, indicatorId: string): string[] {
  const ind = progress.query.record(states.progress, indicatorId);
  return ind ? [...new Set([...ind.journeyIds, ...trackedBy(states, indicatorId)])].sort() : [];
}

export function indicatorAnswer(ctx: ReadContext, indicatorId: string, group?: string): IndicatorAnswer | null {
  const ind = progress.query.record(ctx.states.progress, indicatorId);
  const figures = progress.query.indicator(ctx.states.progress, indicatorId, ctx.referenceDay);
  if (!ind || !figures) return null;
  const measurements =
    group === undefined || group === WHOLE_POPULATION ? ind.measurements : (ind.groupSeries.get(group) ?? []);
  return {
    indicatorId,
    ...stamp(ctx),
    source: ind.source ?? null,
    population: ind.population ?? null,
    journeyIds: ind.journeyIds,
    progress: figures,
    groups: ind.groups.map((g) => ({ groupId: g.groupId, name: g.name })),
    measurements: measurements.map(({ date: _date, ...m }) => m),
    targetRevisions: ind.targetRevisions,
    corrections: group === undefined ? ind.corrections : ind.corrections.filter((c) => isSeries(group, c)),
    trackedBy: trackedBy(ctx.states, indicatorId),
  };
}

export type IndicatorGapsAnswer = IndicatorGaps & { asOf: string; at: string | null; referenceDay: string };
/** GET /api/indicators/:id/gaps: every gap with its figures, and each group's series (with `group`, that group's). */
export function gapsAnswer(ctx: ReadContext, indicatorId: string, group?: string): IndicatorGapsAnswer | null {
  const ind = progress.query.record(ctx.states.progress, indicatorId);
  if (!ind) return null;
  const { indicatorId: id, ...answer } = indicatorGaps(ind, ctx.referenceDay, group);
  return { indicatorId: id, ...stamp(ctx), ...answer };
}
