import { expect } from 'vitest';
import type { EventData, EventType } from '../../src/events/index.js';
import { accessDecider } from '../../src/domain/access.js';
import { isIndicatorCommand, isJourneyCommand, type Command } from '../../src/domain/commands.js';
import { decided, type DecideContext, type Decided, type Decider } from '../../src/domain/decider.js';
import { DomainError, type DomainErrorKind } from '../../src/domain/errors.js';
import { indicatorDecider } from '../../src/domain/indicator.js';
import { journeyDecider } from '../../src/domain/journey/decide.js';
import { sequentialIds } from '../../src/clock.js';

/** Given these events on the stream, when this command is decided, then … */
export const NOW = new Date('2026-11-25T12:00:00Z');

export interface Known {
  indicators?: string[];
  journeys?: string[];
}

export function given(history: Decided[], known: Known = {}, now: Date = NOW) {
  return {
    when(command: Command) {
      const ctx: DecideContext = {
        now,
        newId: sequentialIds('new'),
        known: { indicators: new Set(known.indicators ?? []), journeys: new Set(known.journeys ?? []) },
      };
      // The history folded by the decider of the command's kind, then the command decided on it.
      const by =
        <S, C extends Command>(decider: Decider<S, C>, c: C) =>
        () =>
          decider.decide(c, history.reduce(decider.evolve, decider.initialState()), ctx);
      const run = isJourneyCommand(command)
        ? by(journeyDecider, command)
        : isIndicatorCommand(command)
          ? by(indicatorDecider, command)
          : by(accessDecider, command);
      return {
        thenEmits(...expected: Decided[]) {
          expect(run()).toEqual(expected);
        },
        thenThrows(kind: DomainErrorKind, message: RegExp, path?: string) {
          let caught: unknown;
          try {
            run();
          } catch (e) {
            caught = e;
          }
          expect(caught, 'the command should have been refused').toBeInstanceOf(DomainError);
          const err = caught as DomainError;
          expect(err.kind).toBe(kind);
          expect(err.message).toMatch(message);
          if (path !== undefined) expect(err.errors.map((x) => x.path)).toContain(path);
        },
      };
    },
  };
}

export const ev = <T extends EventType>(type: T, data: EventData<T>): Decided => decided(type, data) as Decided;

// ——— small named fixtures, in the domain's words ———
export const journeyCharted = (journeyId = 'j1'): Decided =>
  ev('JourneyCharted', {
    journeyId,
    title: 'Good place to grow up',
    ambition: 'Every child thrives',
    horizon: '2026-12-31',
    lead: 'Children’s partnership',
  });
export const journeyConcluded = (): Decided =>
  ev('JourneyConcluded', { reason: 'horizon reached', outcome: 'partly-achieved' });
export const planAdopted = (planId: string): Decided =>
  ev('PlanAdopted', { planId, intent: 'More families use the hubs', owner: 'Hub manager', accountableTo: 'board' });
export const planWithdrawn = (planId: string): Decided => ev('PlanWithdrawn', { planId, reason: 'merged into p2' });
export const decisionTaken = (decisionId: string, extra: Partial<EventData<'DecisionTaken'>> = {}): Decided =>
  ev('DecisionTaken', {
    decisionId,
    summary: 'Fund family hubs',
    decidedBy: 'Cabinet',
    decidedAt: '2026-11-01T10:00:00Z',
    rationale: 'evidence from pilots',
    ...extra,
  });
export const decisionSuperseded = (decisionId: string, supersededBy: string): Decided =>
  ev('DecisionSuperseded', { decisionId, supersededBy, reason: 'replaced' });
export const calledIn = (decisionId: string): Decided =>
  ev('DecisionCalledIn', { decisionId, by: 'Scrutiny committee', reason: 'cost' });
export const callInConcluded = (decisionId: string): Decided =>
  ev('CallInConcluded', { decisionId, outcome: 'upheld', reason: 'sound' });
export const changeReported = (changeId: string): Decided =>
  ev('ChangeReported', {
    changeId,
    whatChanged: 'Waiting time halved',
    forWhom: 'families',
    evidence: ['hub log'],
    occurredAt: '2026-10-01',
    question: 'better-off',
  });
export const changeChallenged = (changeId: string, challengeId: string): Decided =>
  ev('ChangeChallenged', { changeId, challengeId, challenge: 'Is the log complete?' });
export const challengeAnswered = (changeId: string, challengeId: string): Decided =>
  ev('ChallengeAnswered', { changeId, challengeId, answer: 'Yes, audited' });
export const lessonHarvested = (lessonId: string): Decided =>
  ev('LessonHarvested', { lessonId, learned: 'Go where families are' });
export const perspectiveVoiced = (perspectiveId: string): Decided =>
  ev('PerspectiveVoiced', { perspectiveId, voice: 'community', stance: 'supports', statement: 'The hub helped us' });
export const accountabilityAssigned = (accountabilityId: string): Decided =>
  ev('AccountabilityAssigned', {
    accountabilityId,
    holder: 'Hub manager',
    accountableTo: 'board',
    for: 'open 3 hubs',
    dueBy: '2026-12-31',
  });
export const accountabilityDischarged = (accountabilityId: string): Decided =>
  ev('AccountabilityDischarged', { accountabilityId, evidence: ['opening report'] });

export const indicatorDefined = (
  indicatorId = 'school-readiness',
  direction: 'increase' | 'decrease' = 'increase',
): Decided =>
  ev('IndicatorDefined', {
    indicatorId,
    name: 'Good level of development',
    unit: '%',
    direction,
    frequency: 'annual',
    baseline: { value: 60, period: '2021' },
    target: { value: direction === 'increase' ? 70 : 50, period: '2026' },
  });
export const measurementRecorded = (measurementId: string, period: string, value: number): Decided =>
  ev('MeasurementRecorded', { measurementId, period, value });
export const actorEnrolled = (actorId: string, tokenHash = 'a'.repeat(64)): Decided =>
  ev('ActorEnrolled', { actorId, name: 'Alice', role: 'contributor', tokenHash });
