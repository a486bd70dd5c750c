import type { Actor, EventData } from '../src/events/index.js';

/** What the audit trail keeps per journey (audit-trail.ts folds it, audit-views.ts reads it). */
type DecisionData = EventData<'DecisionTaken'>;
export interface Stamp {
  by: Actor;
  recordedAt: string;
  position: string;
}
export interface DecisionRecord {
  journeyId: string;
  data: DecisionData;
  recorded: Stamp;
  supersededBy: string | null;
  supersession: (Stamp & { reason: string }) | null;
  calledIn: (Stamp & { calledInBy: string; reason: string }) | null;
  callInConcluded: (Stamp & { outcome: EventData<'CallInConcluded'>['outcome']; reason: string }) | null;
}
export interface ChallengeRecord {
  journeyId: string;
  challengeId: string;
  changeId: string;
  challenge: string;
  raisedBy: Actor;
  raisedAt: string;
  position: string;
  answer: { answer: string; upheld: boolean | null; answeredBy: Actor; answeredAt: string; position: string } | null;
}
export interface JourneyAudit {
  decisions: Map<string, DecisionRecord>;
  challenges: Map<string, ChallengeRecord>;
}
export interface AuditState {
  journeys: Map<string, JourneyAudit>;
}
