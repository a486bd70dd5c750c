import type { Actor, EventData } from '../events/index.js';

/**
 * What the web pages read, in DESIGN §5/§6's shapes (the same figures GET /api/… answers). The web layer
 * computes none of it: `src/web/wiring.ts` adapts the projections runtime to this port. Every query takes an
 * optional cut (`asOf` instant or `at` position) as DESIGN §3 describes.
 */
export interface Cut { asOf?: string; at?: string }

export type Status = 'achieved' | 'on-track' | 'at-risk' | 'off-track' | 'no-data';

export interface OverviewJourney {
  journeyId: string; title: string; ambition: string; horizon: string; lead: string;
  status: Status; travelledPct: number | null; lastChange: { whatChanged: string; occurredAt: string } | null;
  openChallenges: number; overdueAccountabilities: number; concluded?: string | null;
}

export interface TimelineEntry {
  position: string; eventId: string; type: string; occurredAt: string; recordedAt: string;
  actor: Actor; summary: string;
}

export interface IndicatorProgress {
  indicatorId: string; name: string; unit: string; direction: 'increase' | 'decrease';
  baseline: { value: number; period: string }; target: { value: number; period: string };
  latest: { value: number; period: string } | null;
  travelledPct: number | null; remaining: number | null; actualPacePerYear: number | null;
  requiredPacePerYear: number | null; projectedReach: string | null; status: Status; stale: boolean;
  curveTurnedBy: number | null;
  /** Measurements within the cut, each with its latest correction (correctedFrom = the value first recorded). */
  measurements: { measurementId: string; period: string; value: number; correctedFrom: number | null }[];
  doNothing: { value: number; period: string } | null;
}

export interface KnownMeasurement { indicatorId: string; period: string; value: number; recordedAt: string }

export interface AuditDecision {
  decisionId: string; journeyId: string; summary: string; decidedBy: string; decidedAt: string; forum: string | null;
  rationale: string; optionsConsidered: { option: string; reasonNotChosen: string }[];
  dissent: { who: string; view: string }[]; evidence: string[];
  interestsDeclared: { who: string; interest: string; dispensation?: string }[] | null;
  recordedBy: Actor; recordedAt: string; status: 'in-force' | 'superseded'; supersededBy: string | null;
  knownAtDecision: KnownMeasurement[];
  callIn: { openUntil: string | null; calledIn: { by: string; reason: string } | null; outcome: { outcome: string; reason: string } | null };
  effectReview: { indicatorId: string; expected: number; by: string; measured: number | 'pending'; met: boolean | null }[];
  complete: boolean;
}

export interface Challenge {
  challengeId: string; challenge: string; recordedBy: Actor; recordedAt: string;
  answer: { answer: string; upheld: boolean | null; recordedBy: Actor } | null;
}
export type ChangeView = EventData<'ChangeReported'> & { recordedBy: Actor; recordedAt: string; challenges: Challenge[] };
export type PlanView = EventData<'PlanAdopted'> & { status: 'active' | 'withdrawn'; dependents: string[] };

export interface AccountabilityView {
  accountabilityId: string; journeyId: string; holder: string; accountableTo: string; for: string; dueBy: string;
  about: string | null; status: 'open' | 'overdue' | 'discharged'; kind: 'accountability' | 'plan';
}

export interface JourneyView {
  journeyId: string; title: string; ambition: string; horizon: string; lead: string; outcomeArea: string | null;
  partners: string[]; concluded: { outcome: string; reason: string } | null; status: Status;
  plans: PlanView[]; decisions: AuditDecision[]; changes: ChangeView[];
  lessons: EventData<'LessonHarvested'>[]; perspectives: EventData<'PerspectiveVoiced'>[];
  accountabilities: AccountabilityView[]; indicators: IndicatorProgress[]; timeline: TimelineEntry[];
}

export interface ReportListing { period: string; position: string; digest: string; files: { name: string; sha256: string }[]; publishedAt: string }

export interface WebReads {
  overview(cut?: Cut): Promise<OverviewJourney[]>;
  journey(journeyId: string, cut?: Cut): Promise<JourneyView | null>;
  indicator(indicatorId: string, cut?: Cut): Promise<(IndicatorProgress & { journeyIds: string[]; source: string | null; population: string | null; frequency: string; targetRevisions: { target: { value: number; period: string }; reason: string; decidedBy: string; recordedAt: string }[] }) | null>;
  decisions(filter: { decidedBy?: string; from?: string; to?: string; journeyId?: string }): Promise<AuditDecision[]>;
  accountabilities(filter: { holder?: string; status?: string }): Promise<AccountabilityView[]>;
  reports(): Promise<ReportListing[]>;
  /** A published report's file (HTML), or null when it is not on disk. */
  reportFile(period: string, name: string): Promise<string | null>;
}
