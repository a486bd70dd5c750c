import type { RegisterEntry, RegisterFilter } from '../../projections/accountability.js';
import type { DecisionView } from '../../projections/audit-views.js';
import type { JourneySummary } from '../../projections/city-overview.js';
import type { IndicatorGaps } from '../../projections/gap-progress.js';
import type { TimelineEntry as JourneyTimelineEntry } from '../../projections/journey-timeline.js';
import type { IndicatorProgress } from '../../projections/progress.js';
import type { PublishedReport } from '../../projections/published-reports.js';
import type { IndicatorAnswer, JourneyAnswer, JourneyGap } from '../../projections/read-model.js';
import type { Cut } from '../../projections/replay.js';
import type { ChartPoint } from '../present/charts.js';
import type { PageNames } from './names.js';

/**
 * What the web pages read: the projections' own answers (projections/read-model.ts), plus the chart points
 * of each indicator. The web computes none of the figures; src/web/reads.ts builds this port over the same read
 * contexts as the API. Every read takes a cut (`asOf` or `at`; null: now).
 */
export type WebIndicator = IndicatorProgress & { points: ChartPoint[] };
export type WebJourney = Omit<JourneyAnswer, 'indicators' | 'plans'> & {
  indicators: WebIndicator[];
  plans: (JourneyAnswer['plans'][number] & { dependents: string[] })[];
  timeline: JourneyTimelineEntry[];
};
/** An indicator's page: its answer, its chart's points, and its groups and gaps with their figures. */
export type WebIndicatorPage = IndicatorAnswer & { chart: WebIndicator; gaps: IndicatorGaps };
export interface DecisionQuery {
  decidedBy?: string;
  from?: string;
  to?: string;
  journeyId?: string;
}

/** What claims to move an indicator, across the journeys that track it: plans, changes and decisions naming it. */
export interface IndicatorClaims {
  journeys: { journeyId: string; title: string }[];
  plans: { journeyId: string; journeyTitle: string; plan: JourneyAnswer['plans'][number] }[];
  changes: { journeyId: string; journeyTitle: string; change: JourneyAnswer['changes'][number] }[];
  decisions: { journeyId: string; journeyTitle: string; decision: DecisionView }[];
}

/** A journey on the city overview: its summary, and its indicators' gaps beside it. */
export type WebJourneySummary = JourneySummary & { gaps: JourneyGap[] };
export interface WebReads {
  overview(cut?: Cut | null): Promise<JourneySummary[]>;
  /** The overview with each journey's gaps (only the overview page shows them). */
  overviewWithGaps(cut?: Cut | null): Promise<{ referenceDay: string; journeys: WebJourneySummary[] }>;
  /** A journey now, or as it stood at the cut (asOf: only events recorded by then; at: up to that position). */
  journey(journeyId: string, cut?: Cut | null): Promise<WebJourney | null>;
  indicator(indicatorId: string, cut?: Cut | null): Promise<WebIndicatorPage | null>;
  claims(indicatorId: string, cut?: Cut | null): Promise<IndicatorClaims | null>;
  decisions(filter: DecisionQuery, cut?: Cut | null): Promise<DecisionView[]>;
  accountabilities(filter: RegisterFilter, cut?: Cut | null): Promise<RegisterEntry[]>;
  /** How to say every item of the city by name (pages that speak across journeys: decisions, accountabilities). */
  cityNames(cut?: Cut | null): Promise<PageNames>;
  reports(): Promise<PublishedReport[]>;
  /** A published report's file, or null when it is not on this server (or no longer matches its published sha-256). */
  reportFile(period: string, name: string): Promise<string | null>;
}

/** A journey for the templates: the charter's fields beside the rest (journey.title rather than journey.journey.title). */
export const flatJourney = (j: WebJourney) => ({ ...j.journey, ...j });
export type FlatJourney = ReturnType<typeof flatJourney>;
/** An indicator page for the templates: the figures and chart points beside the definition and history. */
export const flatIndicator = (a: WebIndicatorPage) => ({
  ...a.chart,
  source: a.source,
  population: a.population,
  measurements: a.measurements,
  targetRevisions: a.targetRevisions,
  groups: a.groups,
  gaps: a.gaps.gaps,
  journeyIds: [...new Set([...a.journeyIds, ...a.trackedBy])].sort(),
});
export type FlatIndicator = ReturnType<typeof flatIndicator>;
