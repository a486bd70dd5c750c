import { z } from 'zod';
import {
  Evidence,
  FiniteNumber,
  Instant,
  IsoDate,
  ItemId,
  Period,
  PeriodValue,
  RequiredEvidence,
  Role,
  Slug,
  Text,
} from './primitives.js';

/**
 * The event catalogue: one strict zod schema per event type of DESIGN §2. Each schema is the single source of
 * an event's TypeScript type, its request validation (see requests.ts) and its OpenAPI schema.
 * Journey and indicator ids are not repeated inside events of their own stream (the stream id carries them),
 * except in the event that charts/defines the stream.
 */
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const list = <T extends z.ZodType>(schema: T) => z.array(schema).max(500);

export const JourneyCharted = z.strictObject({
  journeyId: Slug,
  title: Text,
  ambition: Text,
  horizon: IsoDate,
  lead: Text,
  outcomeArea: opt(Text),
  partners: opt(list(Text)),
});
export const JourneyReframed = z.strictObject({
  reason: Text,
  title: opt(Text),
  ambition: opt(Text),
  horizon: opt(IsoDate),
  lead: opt(Text),
  partners: opt(list(Text)),
});
export const JourneyOutcome = z.enum(['achieved', 'partly-achieved', 'not-achieved', 'abandoned']);
export const JourneyConcluded = z.strictObject({ reason: Text, outcome: JourneyOutcome });

export const PlanAdopted = z.strictObject({
  planId: ItemId,
  intent: Text,
  owner: Text,
  accountableTo: Text,
  reviewBy: opt(IsoDate),
  indicatorIds: opt(list(Slug)),
  dependsOn: opt(list(ItemId)),
});
export const PlanRevised = z.strictObject({
  planId: ItemId,
  reason: Text,
  intent: opt(Text),
  owner: opt(Text),
  accountableTo: opt(Text),
  reviewBy: opt(IsoDate),
  indicatorIds: opt(list(Slug)),
  dependsOn: opt(list(ItemId)),
});
export const PlanWithdrawn = z.strictObject({ planId: ItemId, reason: Text });

export const OptionConsidered = z.strictObject({ option: Text, reasonNotChosen: Text });
export const InterestDeclared = z.strictObject({ who: Text, interest: Text, dispensation: opt(Text) });
export const Votes = z.strictObject({
  for: z.number().int().min(0),
  against: z.number().int().min(0),
  abstain: z.number().int().min(0),
});
export const Dissent = z.strictObject({ who: Text, view: Text });
export const ExpectedEffect = z.strictObject({ indicatorId: Slug, value: FiniteNumber, by: Period });

export const DecisionTaken = z.strictObject({
  decisionId: ItemId,
  summary: Text,
  decidedBy: Text,
  decidedAt: Instant,
  rationale: Text,
  forum: opt(Text),
  authority: opt(Text),
  keyDecision: opt(z.boolean()),
  forwardPlanRef: opt(Text),
  planId: opt(ItemId),
  optionsConsidered: opt(list(OptionConsidered)),
  evidence: opt(Evidence),
  consultation: opt(Text),
  interestsDeclared: opt(list(InterestDeclared)),
  votes: opt(Votes),
  dissent: opt(list(Dissent)),
  expectedEffect: opt(list(ExpectedEffect)),
  callInUntil: opt(IsoDate),
  accountableTo: opt(Text),
  reviewBy: opt(IsoDate),
});
export const DecisionCalledIn = z.strictObject({ decisionId: ItemId, by: Text, reason: Text });
export const CallInOutcome = z.enum(['upheld', 'referred-back', 'amended']);
export const CallInConcluded = z.strictObject({ decisionId: ItemId, outcome: CallInOutcome, reason: Text });
export const DecisionSuperseded = z.strictObject({ decisionId: ItemId, supersededBy: ItemId, reason: Text });

/** The three Results-Based Accountability questions. */
export const RbaQuestion = z.enum(['how-much', 'how-well', 'better-off']);
export const ChangeReported = z.strictObject({
  changeId: ItemId,
  whatChanged: Text,
  forWhom: Text,
  evidence: RequiredEvidence,
  occurredAt: IsoDate,
  question: RbaQuestion.default('better-off'),
  planId: opt(ItemId),
  indicatorIds: opt(list(Slug)),
  activities: opt(list(Text)),
});
export const ChangeChallenged = z.strictObject({ changeId: ItemId, challengeId: ItemId, challenge: Text });
export const ChallengeAnswered = z.strictObject({
  changeId: ItemId,
  challengeId: ItemId,
  answer: Text,
  upheld: opt(z.boolean()),
});

export const LessonHarvested = z.strictObject({
  lessonId: ItemId,
  learned: Text,
  from: opt(list(Text)),
  implications: opt(Text),
  tags: opt(list(Text)),
});
export const Voice = z.enum(['community', 'frontline', 'partner', 'scrutiny', 'other']);
export const Stance = z.enum(['supports', 'challenges', 'neutral']);
export const PerspectiveVoiced = z.strictObject({
  perspectiveId: ItemId,
  voice: Voice,
  stance: Stance,
  statement: Text,
  about: opt(Text),
  speaker: opt(Text),
});
export const AccountabilityAssigned = z.strictObject({
  accountabilityId: ItemId,
  holder: Text,
  accountableTo: Text,
  for: Text,
  dueBy: IsoDate,
  about: opt(Text),
});
export const AccountabilityDischarged = z.strictObject({ accountabilityId: ItemId, evidence: RequiredEvidence });

export const Direction = z.enum(['increase', 'decrease']);
export const Frequency = z.enum(['annual', 'quarterly', 'monthly']);
export const IndicatorDefined = z.strictObject({
  indicatorId: Slug,
  name: Text,
  unit: Text,
  direction: Direction,
  baseline: PeriodValue,
  target: PeriodValue,
  frequency: Frequency,
  journeyIds: opt(list(Slug)),
  source: opt(Text),
  population: opt(Text),
  doNothing: opt(PeriodValue),
});
export const IndicatorTargetRevised = z.strictObject({ target: PeriodValue, reason: Text, decidedBy: Text });
export const MeasurementRecorded = z.strictObject({
  measurementId: ItemId,
  period: Period,
  value: FiniteNumber,
  source: opt(Text),
  note: opt(Text),
});
export const MeasurementCorrected = z.strictObject({ measurementId: ItemId, value: FiniteNumber, reason: Text });

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha-256 in hex');
export const ReportPublished = z.strictObject({
  period: Period,
  position: z.string().regex(/^\d+$/),
  digest: Sha256,
  files: z.array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/), sha256: Sha256 })).min(1),
});
export const ActorEnrolled = z.strictObject({ actorId: ItemId, name: Text, role: Role, tokenHash: Sha256 });
export const AccessRevoked = z.strictObject({ actorId: ItemId, reason: Text });

export const eventSchemas = {
  JourneyCharted,
  JourneyReframed,
  JourneyConcluded,
  PlanAdopted,
  PlanRevised,
  PlanWithdrawn,
  DecisionTaken,
  DecisionCalledIn,
  CallInConcluded,
  DecisionSuperseded,
  ChangeReported,
  ChangeChallenged,
  ChallengeAnswered,
  LessonHarvested,
  PerspectiveVoiced,
  AccountabilityAssigned,
  AccountabilityDischarged,
  IndicatorDefined,
  IndicatorTargetRevised,
  MeasurementRecorded,
  MeasurementCorrected,
  ReportPublished,
  ActorEnrolled,
  AccessRevoked,
} as const;

export type EventType = keyof typeof eventSchemas;
export const EVENT_TYPES = Object.keys(eventSchemas) as EventType[];
export type EventData<T extends EventType = EventType> = z.output<(typeof eventSchemas)[T]>;
export type EventDataInput<T extends EventType = EventType> = z.input<(typeof eventSchemas)[T]>;
export const isEventType = (s: string): s is EventType => Object.prototype.hasOwnProperty.call(eventSchemas, s);

export type StreamKind = 'journey' | 'indicator' | 'report' | 'access';
/** Which kind of stream each event lives in. */
export const streamKindOf: Record<EventType, StreamKind> = {
  JourneyCharted: 'journey',
  JourneyReframed: 'journey',
  JourneyConcluded: 'journey',
  PlanAdopted: 'journey',
  PlanRevised: 'journey',
  PlanWithdrawn: 'journey',
  DecisionTaken: 'journey',
  DecisionCalledIn: 'journey',
  CallInConcluded: 'journey',
  DecisionSuperseded: 'journey',
  ChangeReported: 'journey',
  ChangeChallenged: 'journey',
  ChallengeAnswered: 'journey',
  LessonHarvested: 'journey',
  PerspectiveVoiced: 'journey',
  AccountabilityAssigned: 'journey',
  AccountabilityDischarged: 'journey',
  IndicatorDefined: 'indicator',
  IndicatorTargetRevised: 'indicator',
  MeasurementRecorded: 'indicator',
  MeasurementCorrected: 'indicator',
  ReportPublished: 'report',
  ActorEnrolled: 'access',
  AccessRevoked: 'access',
};

/**
 * The id each event creates, when the client may leave it out and the server then generates a UUID v7.
 * Events that refer to an existing item (e.g. PlanRevised.planId) take it from the route's path instead.
 */
export const createdIdOf: Partial<Record<EventType, string>> = {
  PlanAdopted: 'planId',
  DecisionTaken: 'decisionId',
  ChangeReported: 'changeId',
  ChangeChallenged: 'challengeId',
  LessonHarvested: 'lessonId',
  PerspectiveVoiced: 'perspectiveId',
  AccountabilityAssigned: 'accountabilityId',
  MeasurementRecorded: 'measurementId',
  ActorEnrolled: 'actorId',
};
