import type { EventData, EventType } from '../events/index.js';

/**
 * Commands: what a user asks for, named as an imperative (DESIGN's words). Each command leads to one event
 * type. A command carries the event's data, with the id it creates optional (the decider then takes a new
 * id from ctx.newId) and the stream's id (journeyId / indicatorId) alongside.
 */
export const journeyCommandEvents = {
  CharterJourney: 'JourneyCharted',
  ReframeJourney: 'JourneyReframed',
  ConcludeJourney: 'JourneyConcluded',
  AdoptPlan: 'PlanAdopted',
  RevisePlan: 'PlanRevised',
  WithdrawPlan: 'PlanWithdrawn',
  TakeDecision: 'DecisionTaken',
  CallInDecision: 'DecisionCalledIn',
  ConcludeCallIn: 'CallInConcluded',
  SupersedeDecision: 'DecisionSuperseded',
  ReportChange: 'ChangeReported',
  ChallengeChange: 'ChangeChallenged',
  AnswerChallenge: 'ChallengeAnswered',
  HarvestLesson: 'LessonHarvested',
  VoicePerspective: 'PerspectiveVoiced',
  AssignAccountability: 'AccountabilityAssigned',
  DischargeAccountability: 'AccountabilityDischarged',
} as const satisfies Record<string, EventType>;

export const indicatorCommandEvents = {
  DefineIndicator: 'IndicatorDefined',
  ReviseTarget: 'IndicatorTargetRevised',
  RecordMeasurement: 'MeasurementRecorded',
  CorrectMeasurement: 'MeasurementCorrected',
} as const satisfies Record<string, EventType>;

export const accessCommandEvents = {
  EnrollActor: 'ActorEnrolled',
  RevokeAccess: 'AccessRevoked',
} as const satisfies Record<string, EventType>;

/** The id an event creates; a command may leave it out (literal-typed twin of catalogue.createdIdOf). */
export const createdIds = {
  PlanAdopted: 'planId',
  DecisionTaken: 'decisionId',
  ChangeReported: 'changeId',
  ChangeChallenged: 'challengeId',
  LessonHarvested: 'lessonId',
  PerspectiveVoiced: 'perspectiveId',
  AccountabilityAssigned: 'accountabilityId',
  MeasurementRecorded: 'measurementId',
  ActorEnrolled: 'actorId',
} as const satisfies Partial<Record<EventType, string>>;
type CreatedIds = typeof createdIds;

type OptionalKey<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
/** The event's data with its created id optional. */
export type CommandData<T extends EventType> = T extends keyof CreatedIds
  ? CreatedIds[T] extends keyof EventData<T>
    ? OptionalKey<EventData<T>, CreatedIds[T]>
    : EventData<T>
  : EventData<T>;

type JourneyCommandName = keyof typeof journeyCommandEvents;
type IndicatorCommandName = keyof typeof indicatorCommandEvents;
type AccessCommandName = keyof typeof accessCommandEvents;

export type JourneyCommand = {
  [C in JourneyCommandName]: { type: C; journeyId: string } & CommandData<(typeof journeyCommandEvents)[C]>;
}[JourneyCommandName];
export type IndicatorCommand = {
  [C in IndicatorCommandName]: { type: C; indicatorId: string } & CommandData<(typeof indicatorCommandEvents)[C]>;
}[IndicatorCommandName];
export type AccessCommand = {
  [C in AccessCommandName]: { type: C } & CommandData<(typeof accessCommandEvents)[C]>;
}[AccessCommandName];

export type Command = JourneyCommand | IndicatorCommand | AccessCommand;
export type CommandType = Command['type'];

export const commandEvents = { ...journeyCommandEvents, ...indicatorCommandEvents, ...accessCommandEvents } as const;

export const isJourneyCommand = (c: Command): c is JourneyCommand => c.type in journeyCommandEvents;
export const isIndicatorCommand = (c: Command): c is IndicatorCommand => c.type in indicatorCommandEvents;

/** What a decider returns: event types and data; the shell adds ids, the actor and the envelope. */
export type Decided = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
export const decided = <T extends EventType>(type: T, data: EventData<T>): Decided => ({ type, data }) as Decided;

/** What every decider is given besides the command and the state: time and ids come in, never from globals. */
export interface DecideContext {
  now: Date;
  newId: () => string;
  /** Items of other streams the command refers to, as the shell found them (see referencesOf). */
  known?: { indicators?: ReadonlySet<string>; journeys?: ReadonlySet<string> };
}
