import type { EventData } from '../src/events/catalogue.js';
import type { Actor } from '../src/events/envelope.js';
import type { DecisionRecord, JourneyAudit } from './audit-records.js';
import { isAchieved, isStale, periodContaining } from './progress-math.js';
import { periodDate, progress, type LatestMeasurement, type ProgressState } from './progress.js';

/** The read side of the audit trail: a decision as a scrutiny committee asks for it. */
type DecisionData = EventData<'DecisionTaken'>;

export interface KnownAtDecision {
  indicatorId: string;
  name: string | null;
  unit: string | null;
  measurement: LatestMeasurement | null;
}
export type CallInState = 'no-window' | 'window-open' | 'window-closed' | 'called-in' | 'concluded';
export interface CallInView {
  windowOpenUntil: string | null;
  state: CallInState;
  calledIn: { by: string; reason: string; recordedBy: Actor; recordedAt: string; position: string } | null;
  outcome: { outcome: string; reason: string; recordedBy: Actor; recordedAt: string; position: string } | null;
}
export interface EffectReview {
  indicatorId: string;
  expected: number;
  by: string;
  byDate: string;
  /** The figure of the period judged on; `pending` until it is recorded; `not-measured` once it is overdue. */
  measured: number | 'pending' | 'not-measured';
  measurementId: string | null;
  /** The indicator's own period that contains by's last day (null when the indicator is not defined). */
  period: string | null;
  /** null until there is a figure to judge. */
  met: boolean | null;
}
export interface DecisionView {
  decisionId: string;
  journeyId: string;
  summary: string;
  decidedBy: string;
  decidedAt: string;
  forum: string | null;
  authority: string | null;
  keyDecision: boolean | null;
  forwardPlanRef: string | null;
  rationale: string;
  planId: string | null;
  optionsConsidered: DecisionData['optionsConsidered'] & object;
  dissent: DecisionData['dissent'] & object;
  evidence: string[];
  consultation: string | null;
  /** null = not recorded; [] = "none declared". */
  interestsDeclared: DecisionData['interestsDeclared'] | null;
  votes: DecisionData['votes'] | null;
  expectedEffect: DecisionData['expectedEffect'] & object;
  accountableTo: string | null;
  reviewBy: string | null;
  recordedBy: Actor;
  recordedAt: string;
  position: string;
  status: 'in-force' | 'superseded';
  supersededBy: string | null;
  supersessionReason: string | null;
  /** Decisions this one superseded. */
  supersedes: string[];
  /** From this decision along supersededBy links to the decision now in force. */
  chain: string[];
  knownAtDecision: KnownAtDecision[];
  callIn: CallInView;
  effectReview: EffectReview[];
  complete: boolean;
  /** What the written record lacks when it is incomplete. */
  missing: string[];
}

/**
 * The English councils' written-record rule: decision-maker, date, rationale, at least one option rejected with
 * its reason, and interests declared (an empty list counts: "none declared"; absent does not).
 */
export function missingFromRecord(d: DecisionData): string[] {
  const missing: string[] = [];
  if (!d.decidedBy.trim()) missing.push('decidedBy');
  if (!d.decidedAt) missing.push('decidedAt');
  if (!d.rationale.trim()) missing.push('rationale');
  if (!(d.optionsConsidered ?? []).some((o) => o.option.trim() && o.reasonNotChosen.trim()))
    missing.push('optionsConsidered');
  if (d.interestsDeclared === undefined) missing.push('interestsDeclared');
  return missing;
}

function callInView(r: DecisionRecord, referenceDay: string): CallInView {
  const until = r.data.callInUntil ?? null;
  const calledIn = r.calledIn
    ? {
        by: r.calledIn.calledInBy,
        reason: r.calledIn.reason,
        recordedBy: r.calledIn.by,
        recordedAt: r.calledIn.recordedAt,
        position: r.calledIn.position,
      }
    : null;
  const outcome = r.callInConcluded
    ? {
        outcome: r.callInConcluded.outcome,
        reason: r.callInConcluded.reason,
        recordedBy: r.callInConcluded.by,
        recordedAt: r.callInConcluded.recordedAt,
        position: r.callInConcluded.position,
      }
    : null;
  const state: CallInState = outcome
    ? 'concluded'
    : calledIn
      ? 'called-in'
      : until === null
        ? 'no-window'
        : referenceDay <= until
          ? 'window-open'
          : 'window-closed';
  return { windowOpenUntil: until, state, calledIn, outcome };
}

/**
 * An expected effect is judged on the measurement of the indicator's own period that contains `by`'s last day
 * (`by` 2024-Q1 on an annual indicator: the 2024 figure), as corrected within the cut; `pending` until that figure
 * is recorded; `not-measured` once the reference day is more than two of the indicator's periods past `by` with
 * none (the staleness rule of the progress figures). One rule for the API, the pages and the reports.
 */
function effectReview(d: DecisionData, state: ProgressState, referenceDay: string): EffectReview[] {
  return (d.expectedEffect ?? []).map((x) => {
    const byDate = periodDate(x.by);
    const ind = progress.query.record(state, x.indicatorId);
    const period = ind ? periodContaining(byDate, ind.frequency) : null;
    let found: { measurementId: string; period: string; value: number } | null = null;
    for (const m of ind?.measurements ?? []) if (m.period === period) found = m; // ties: recorded last
    const base = { indicatorId: x.indicatorId, expected: x.value, by: x.by, byDate };
    if (found === null || !ind) {
      const overdue = ind !== undefined && isStale(referenceDay, byDate, ind.frequency);
      return { ...base, measured: overdue ? 'not-measured' : 'pending', measurementId: null, period, met: null };
    }
    return {
      ...base,
      measured: found.value,
      measurementId: found.measurementId,
      period: found.period,
      met: isAchieved(ind.direction, x.value, found.value),
    };
  });
}

/**
 * knownAtDecision: for each indicator the decision's journey tracks (its plan's indicators are tracked by the
 * journey too, see links.ts), the latest measurement recorded (recordedAt) at or before decidedAt, with the
 * corrections recorded by then.
 */
function knownAtDecision(r: DecisionRecord, state: ProgressState): KnownAtDecision[] {
  const at = Date.parse(r.data.decidedAt);
  return [...(state.links.get(r.journeyId) ?? [])].sort().map((indicatorId) => {
    const ind = state.indicators.get(indicatorId);
    return {
      indicatorId,
      name: ind?.name ?? null,
      unit: ind?.unit ?? null,
      measurement: progress.query.knownAt(state, indicatorId, at),
    };
  });
}

function chainFrom(r: DecisionRecord, j: JourneyAudit): string[] {
  const chain = [r.data.decisionId];
  let next = r.supersededBy;
  while (next !== null && !chain.includes(next)) {
    chain.push(next);
    next = j.decisions.get(next)?.supersededBy ?? null;
  }
  return chain;
}

export function decisionView(
  r: DecisionRecord,
  j: JourneyAudit,
  state: ProgressState,
  referenceDay: string,
): DecisionView {
  const d = r.data;
  const missing = missingFromRecord(d);
  const supersedes: string[] = [];
  for (const other of j.decisions.values())
    if (other.supersededBy === d.decisionId) supersedes.push(other.data.decisionId);
  return {
    decisionId: d.decisionId,
    journeyId: r.journeyId,
    summary: d.summary,
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt,
    forum: d.forum ?? null,
    authority: d.authority ?? null,
    keyDecision: d.keyDecision ?? null,
    forwardPlanRef: d.forwardPlanRef ?? null,
    rationale: d.rationale,
    planId: d.planId ?? null,
    optionsConsidered: d.optionsConsidered ?? [],
    dissent: d.dissent ?? [],
    evidence: d.evidence ?? [],
    consultation: d.consultation ?? null,
    interestsDeclared: d.interestsDeclared ?? null,
    votes: d.votes ?? null,
    expectedEffect: d.expectedEffect ?? [],
    accountableTo: d.accountableTo ?? null,
    reviewBy: d.reviewBy ?? null,
    recordedBy: r.recorded.by,
    recordedAt: r.recorded.recordedAt,
    position: r.recorded.position,
    status: r.supersededBy === null ? 'in-force' : 'superseded',
    supersededBy: r.supersededBy,
    supersessionReason: r.supersession?.reason ?? null,
    supersedes,
    chain: chainFrom(r, j),
    knownAtDecision: knownAtDecision(r, state),
    callIn: callInView(r, referenceDay),
    effectReview: effectReview(d, state, referenceDay),
    complete: missing.length === 0,
    missing,
  };
}
