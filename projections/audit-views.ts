import type { EventData } from '../src/events/catalogue.js';
import type { Actor } from '../src/events/envelope.js';
import type { DecisionRecord, JourneyAudit } from './audit-records.js';
import { isAchieved } from './progress-math.js';
import { periodDate, progress, type LatestMeasurement, type ProgressState } from './progress.js';

/** The read side of the audit trail: a decision as a scrutiny committee asks for it (DESIGN §5). */
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
  /** The value measured by then, or `pending` while there is none to judge. */
  measured: number | 'pending';
  measurementId: string | null;
  period: string | null;
  /** null while pending, or when the indicator is not defined (no direction to judge by). */
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
 * The value measured "by then" for an expected effect (DESIGN is silent on the rule; this is it): among
 * measurements dated after the decision's day and on or before the `by` period's last day, the one for that
 * last day if there is one; otherwise, once the reference day has passed it, the latest-dated of them
 * (ties: recorded last). Until then, or with none, the effect is `pending`.
 */
function effectReview(d: DecisionData, state: ProgressState, referenceDay: string): EffectReview[] {
  const decisionDay = d.decidedAt.slice(0, 10);
  return (d.expectedEffect ?? []).map((x) => {
    const byDate = periodDate(x.by);
    const ind = progress.query.record(state, x.indicatorId);
    let found: { measurementId: string; period: string; date: string; value: number } | null = null;
    let exact = false;
    for (const m of ind?.measurements ?? []) {
      if (m.date <= decisionDay || m.date > byDate) continue;
      if (found === null || m.date >= found.date) found = m;
      if (m.date === byDate) exact = true;
    }
    if (found === null || (!exact && referenceDay <= byDate)) {
      return {
        indicatorId: x.indicatorId,
        expected: x.value,
        by: x.by,
        byDate,
        measured: 'pending',
        measurementId: null,
        period: null,
        met: null,
      };
    }
    return {
      indicatorId: x.indicatorId,
      expected: x.value,
      by: x.by,
      byDate,
      measured: found.value,
      measurementId: found.measurementId,
      period: found.period,
      met: ind ? isAchieved(ind.direction, x.value, found.value) : null,
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
