import { byPosition, keyIn, type LedgerEvent } from '../src/events/index.js';
import { internActor } from './intern.js';
import { type CorrectionRecord, type ProgressState, type TargetRevisionRecord } from './progress.js';
import type { AuditState, ChallengeRecord, Stamp } from './audit-records.js';
import { decisionView, type DecisionView } from './audit-views.js';

/**
 * audit-trail: who decided what, per journey and ledger-wide — decisions with their record,
 * supersession, call-in and effect review; challenges with their answers. Indicator facts (measurements as
 * known at decidedAt, target revisions, corrections) are read from the progress state at query time, so the
 * ledger's measurements are held once in memory. Views are built in audit-views.ts.
 *
 * evolve MUTATES the state it is given (see progress.ts).
 */
const stamp = (e: LedgerEvent): Stamp => ({ by: internActor(e.actor), recordedAt: e.recordedAt, position: e.position });

function evolve(state: AuditState, e: LedgerEvent): AuditState {
  const journeyId = keyIn('journey', e.streamId);
  if (journeyId === null) return state;
  let j = state.journeys.get(journeyId);
  if (!j) state.journeys.set(journeyId, (j = { decisions: new Map(), challenges: new Map() }));
  switch (e.type) {
    case 'DecisionTaken':
      j.decisions.set(e.data.decisionId, {
        journeyId,
        data: e.data,
        recorded: stamp(e),
        supersededBy: null,
        supersession: null,
        calledIn: null,
        callInConcluded: null,
      });
      return state;
    case 'DecisionSuperseded': {
      const d = j.decisions.get(e.data.decisionId);
      if (d) {
        d.supersededBy = e.data.supersededBy;
        d.supersession = { ...stamp(e), reason: e.data.reason };
      }
      return state;
    }
    case 'DecisionCalledIn': {
      const d = j.decisions.get(e.data.decisionId);
      if (d) d.calledIn = { ...stamp(e), calledInBy: e.data.by, reason: e.data.reason };
      return state;
    }
    case 'CallInConcluded': {
      const d = j.decisions.get(e.data.decisionId);
      if (d) d.callInConcluded = { ...stamp(e), outcome: e.data.outcome, reason: e.data.reason };
      return state;
    }
    case 'ChangeChallenged':
      j.challenges.set(e.data.challengeId, {
        journeyId,
        challengeId: e.data.challengeId,
        changeId: e.data.changeId,
        challenge: e.data.challenge,
        raisedBy: internActor(e.actor),
        raisedAt: e.recordedAt,
        position: e.position,
        answer: null,
      });
      return state;
    case 'ChallengeAnswered': {
      const c = j.challenges.get(e.data.challengeId);
      if (c)
        c.answer = {
          answer: e.data.answer,
          upheld: e.data.upheld ?? null,
          answeredBy: internActor(e.actor),
          answeredAt: e.recordedAt,
          position: e.position,
        };
      return state;
    }
    default:
      return state;
  }
}

export interface JourneyAuditView {
  journeyId: string;
  decisions: DecisionView[];
  targetRevisions: TargetRevisionRecord[];
  corrections: CorrectionRecord[];
  challenges: ChallengeRecord[];
  /** Decisions whose written record is incomplete (docs/decisions.md, "Audit"). */
  incomplete: string[];
}

const byDecidedAt = (a: DecisionView, b: DecisionView): number => {
  const d = Date.parse(a.decidedAt) - Date.parse(b.decidedAt);
  return d !== 0 ? d : byPosition(a, b);
};

function decisionsOf(
  state: AuditState,
  progress: ProgressState,
  journeyId: string,
  referenceDay: string,
): DecisionView[] {
  const j = state.journeys.get(journeyId);
  if (!j) return [];
  return [...j.decisions.values()].map((d) => decisionView(d, j, progress, referenceDay)).sort(byDecidedAt);
}

function journeyAudit(
  state: AuditState,
  progress: ProgressState,
  journeyId: string,
  referenceDay: string,
): JourneyAuditView | null {
  const j = state.journeys.get(journeyId);
  if (!j) return null;
  const decisions = decisionsOf(state, progress, journeyId, referenceDay);
  const targetRevisions: TargetRevisionRecord[] = [];
  const corrections: CorrectionRecord[] = [];
  for (const id of linkedIds(progress, journeyId)) {
    const ind = progress.indicators.get(id);
    if (ind) {
      targetRevisions.push(...ind.targetRevisions);
      corrections.push(...ind.corrections);
    }
  }
  return {
    journeyId,
    decisions,
    targetRevisions: targetRevisions.sort(byPosition),
    corrections: corrections.sort(byPosition),
    challenges: [...j.challenges.values()].sort(byPosition),
    incomplete: decisions.filter((d) => !d.complete).map((d) => d.decisionId),
  };
}

const linkedIds = (progress: ProgressState, journeyId: string): string[] =>
  [...(progress.links.get(journeyId) ?? [])].sort();

export interface DecisionFilter {
  /** Case-insensitive part of the decision-maker's name. */
  decidedBy?: string;
  /** Instants in ms: decidedAt within [fromMs, toMs]. */
  fromMs?: number;
  toMs?: number;
}

/** Who decided what, across journeys, in decidedAt order; filtered before the (costlier) views are built. */
function decisions(
  state: AuditState,
  progress: ProgressState,
  referenceDay: string,
  filter: DecisionFilter = {},
): DecisionView[] {
  const needle = filter.decidedBy?.toLowerCase();
  const out: DecisionView[] = [];
  for (const j of state.journeys.values()) {
    for (const d of j.decisions.values()) {
      if (needle !== undefined && !d.data.decidedBy.toLowerCase().includes(needle)) continue;
      const t = Date.parse(d.data.decidedAt);
      if (filter.fromMs !== undefined && t < filter.fromMs) continue;
      if (filter.toMs !== undefined && t > filter.toMs) continue;
      out.push(decisionView(d, j, progress, referenceDay));
    }
  }
  return out.sort(byDecidedAt);
}

export const auditTrail = {
  name: 'audit-trail' as const,
  initialState: (): AuditState => ({ journeys: new Map() }),
  evolve,
  query: { journey: journeyAudit, decisions, journeyDecisions: decisionsOf },
};
