import { assertNever, conflict, invalid, invalidAll, notFound, type RuleBroken } from './errors.js';
import { decided, type DecideContext, type Decided, type JourneyCommand } from './commands.js';
import type { JourneyState } from './journey-state.js';

export { evolveJourney, initialJourneyState, type JourneyState } from './journey-state.js';

/** Once a journey is concluded, looking back is still welcome: lessons and perspectives. Nothing else. */
const STILL_ACCEPTED_WHEN_CONCLUDED: ReadonlySet<JourneyCommand['type']> = new Set([
  'HarvestLesson',
  'VoicePerspective',
]);

const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
/** End of a calendar day, as an instant (UTC): a window "until 2026-03-10" is open all of that day. */
const endOfDay = (date: string): number => Date.parse(`${date}T23:59:59.999Z`);

/** Every reference in `ids` must be in `known`; each missing one is reported with its field path. */
function missing(
  ids: readonly string[] | undefined,
  known: (id: string) => boolean,
  path: string,
  what: string,
): RuleBroken[] {
  return (ids ?? []).flatMap((id, i) =>
    known(id) ? [] : [{ path: `${path}.${i}`, message: `${what} ${id} does not exist` }],
  );
}
const refuseIfAny = (errors: RuleBroken[]): void => {
  if (errors.length > 0) throw invalidAll(errors);
};

export function decideJourney(command: JourneyCommand, state: JourneyState, ctx: DecideContext): Decided[] {
  const journey = command.journeyId;
  const indicatorKnown = (id: string) => ctx.known?.indicators?.has(id) ?? false;
  const planKnown = (id: string) => state.plans.has(id);

  if (command.type === 'CharterJourney') {
    if (state.charted) throw conflict(`journey ${journey} already exists`, 'journeyId');
    const { type: _t, ...data } = command;
    return [decided('JourneyCharted', data)];
  }
  if (!state.charted) throw notFound(`journey ${journey} does not exist`, 'journeyId');
  if (state.concluded && !STILL_ACCEPTED_WHEN_CONCLUDED.has(command.type)) {
    throw conflict(`journey ${journey} is concluded: only lessons and perspectives may still be recorded`, 'journeyId');
  }

  switch (command.type) {
    case 'ReframeJourney': {
      const { type: _t, journeyId: _j, ...data } = command;
      const { reason: _r, ...changes } = data;
      if (Object.values(changes).every((v) => v === undefined)) {
        throw invalid('', 'a reframing must change at least one of title, ambition, horizon, lead, partners');
      }
      return [decided('JourneyReframed', data)];
    }
    case 'ConcludeJourney': {
      const { type: _t, journeyId: _j, ...data } = command;
      return [decided('JourneyConcluded', data)];
    }

    case 'AdoptPlan': {
      const { type: _t, journeyId: _j, ...data } = command;
      const planId = data.planId ?? ctx.newId();
      if (state.plans.has(planId)) throw conflict(`plan ${planId} already exists in journey ${journey}`, 'planId');
      refuseIfAny([
        ...missing(data.dependsOn, planKnown, 'dependsOn', 'plan'),
        ...(data.dependsOn?.includes(planId) ? [{ path: 'dependsOn', message: 'a plan cannot depend on itself' }] : []),
        ...missing(data.indicatorIds, indicatorKnown, 'indicatorIds', 'indicator'),
      ]);
      return [decided('PlanAdopted', { ...data, planId })];
    }
    case 'RevisePlan': {
      const { type: _t, journeyId: _j, ...data } = command;
      const plan = state.plans.get(data.planId);
      if (!plan) throw notFound(`plan ${data.planId} does not exist in journey ${journey}`, 'planId');
      if (plan.withdrawn) throw conflict(`plan ${data.planId} was withdrawn and can no longer be revised`, 'planId');
      const { reason: _r, planId: _p, ...changes } = data;
      if (Object.values(changes).every((v) => v === undefined)) {
        throw invalid(
          '',
          'a revision must change at least one of intent, owner, accountableTo, reviewBy, indicatorIds, dependsOn',
        );
      }
      refuseIfAny([
        ...missing(data.dependsOn, planKnown, 'dependsOn', 'plan'),
        ...(data.dependsOn?.includes(data.planId)
          ? [{ path: 'dependsOn', message: 'a plan cannot depend on itself' }]
          : []),
        ...missing(data.indicatorIds, indicatorKnown, 'indicatorIds', 'indicator'),
      ]);
      return [decided('PlanRevised', data)];
    }
    case 'WithdrawPlan': {
      const { type: _t, journeyId: _j, ...data } = command;
      const plan = state.plans.get(data.planId);
      if (!plan) throw notFound(`plan ${data.planId} does not exist in journey ${journey}`, 'planId');
      if (plan.withdrawn) throw conflict(`plan ${data.planId} is already withdrawn`, 'planId');
      return [decided('PlanWithdrawn', data)];
    }

    case 'TakeDecision': {
      // A decision is recorded once taken (decidedAt not after now: "what was known when they decided" needs a
      // real moment); its call-in window cannot close before it was taken.
      const { type: _t, journeyId: _j, ...data } = command;
      const decisionId = data.decisionId ?? ctx.newId();
      if (state.decisions.has(decisionId))
        throw conflict(`decision ${decisionId} already exists in journey ${journey}`, 'decisionId');
      refuseIfAny([
        ...(data.planId !== undefined && !planKnown(data.planId)
          ? [{ path: 'planId', message: `plan ${data.planId} does not exist in journey ${journey}` }]
          : []),
        ...(data.expectedEffect ?? []).flatMap((e, i) =>
          indicatorKnown(e.indicatorId)
            ? []
            : [{ path: `expectedEffect.${i}.indicatorId`, message: `indicator ${e.indicatorId} does not exist` }],
        ),
        ...(Date.parse(data.decidedAt) > ctx.now.getTime()
          ? [
              {
                path: 'decidedAt',
                message: 'a decision cannot be recorded before it is taken (decidedAt is in the future)',
              },
            ]
          : []),
        ...(data.callInUntil !== undefined && data.callInUntil < data.decidedAt.slice(0, 10)
          ? [{ path: 'callInUntil', message: 'the call-in window cannot close before the decision is taken' }]
          : []),
      ]);
      return [decided('DecisionTaken', { ...data, decisionId })];
    }
    case 'CallInDecision': {
      // Only within the window: from decidedAt to the end of callInUntil (UTC), once, and not once superseded.
      // A decision recorded without callInUntil is not subject to call-in.
      const { type: _t, journeyId: _j, ...data } = command;
      const d = state.decisions.get(data.decisionId);
      if (!d) throw notFound(`decision ${data.decisionId} does not exist in journey ${journey}`, 'decisionId');
      if (d.supersededBy)
        throw conflict(
          `decision ${data.decisionId} is superseded by ${d.supersededBy} and cannot be called in`,
          'decisionId',
        );
      if (d.callIn !== 'none') throw conflict(`decision ${data.decisionId} has already been called in`, 'decisionId');
      if (d.callInUntil === undefined)
        throw conflict(`decision ${data.decisionId} has no call-in window (callInUntil was not set)`, 'decisionId');
      if (ctx.now.getTime() > endOfDay(d.callInUntil)) {
        throw conflict(
          `the call-in window for decision ${data.decisionId} closed at the end of ${d.callInUntil}`,
          'decisionId',
        );
      }
      if (ctx.now.getTime() < Date.parse(d.decidedAt)) {
        throw conflict(
          `decision ${data.decisionId} is not taken until ${d.decidedAt}: its call-in window has not opened`,
          'decisionId',
        );
      }
      return [decided('DecisionCalledIn', data)];
    }
    case 'ConcludeCallIn': {
      const { type: _t, journeyId: _j, ...data } = command;
      const d = state.decisions.get(data.decisionId);
      if (!d) throw notFound(`decision ${data.decisionId} does not exist in journey ${journey}`, 'decisionId');
      if (d.callIn === 'none') throw conflict(`decision ${data.decisionId} has not been called in`, 'decisionId');
      if (d.callIn === 'concluded')
        throw conflict(`the call-in of decision ${data.decisionId} is already concluded`, 'decisionId');
      return [decided('CallInConcluded', data)];
    }
    case 'SupersedeDecision': {
      // The superseding decision must already be recorded in this journey and still be in force.
      const { type: _t, journeyId: _j, ...data } = command;
      const d = state.decisions.get(data.decisionId);
      if (!d) throw notFound(`decision ${data.decisionId} does not exist in journey ${journey}`, 'decisionId');
      if (d.supersededBy)
        throw conflict(`decision ${data.decisionId} is already superseded by ${d.supersededBy}`, 'decisionId');
      if (data.supersededBy === data.decisionId) throw invalid('supersededBy', 'a decision cannot supersede itself');
      const by = state.decisions.get(data.supersededBy);
      if (!by)
        throw invalid(
          'supersededBy',
          `decision ${data.supersededBy} does not exist in journey ${journey}: record it first`,
        );
      if (by.supersededBy)
        throw invalid('supersededBy', `decision ${data.supersededBy} is itself superseded by ${by.supersededBy}`);
      return [decided('DecisionSuperseded', data)];
    }

    case 'ReportChange': {
      const { type: _t, journeyId: _j, ...data } = command;
      const changeId = data.changeId ?? ctx.newId();
      if (state.changes.has(changeId))
        throw conflict(`change ${changeId} already exists in journey ${journey}`, 'changeId');
      refuseIfAny([
        ...(data.planId !== undefined && !planKnown(data.planId)
          ? [{ path: 'planId', message: `plan ${data.planId} does not exist in journey ${journey}` }]
          : []),
        ...missing(data.indicatorIds, indicatorKnown, 'indicatorIds', 'indicator'),
        ...(data.occurredAt > dayOf(ctx.now)
          ? [
              {
                path: 'occurredAt',
                message: 'a change cannot be reported before it has happened (occurredAt is in the future)',
              },
            ]
          : []),
      ]);
      return [decided('ChangeReported', { ...data, changeId })];
    }
    case 'ChallengeChange': {
      const { type: _t, journeyId: _j, ...data } = command;
      if (!state.changes.has(data.changeId))
        throw notFound(`change ${data.changeId} does not exist in journey ${journey}`, 'changeId');
      const challengeId = data.challengeId ?? ctx.newId();
      if (state.challenges.has(challengeId))
        throw conflict(`challenge ${challengeId} already exists in journey ${journey}`, 'challengeId');
      return [decided('ChangeChallenged', { ...data, challengeId })];
    }
    case 'AnswerChallenge': {
      const { type: _t, journeyId: _j, ...data } = command;
      const change = state.changes.get(data.changeId);
      if (!change) throw notFound(`change ${data.changeId} does not exist in journey ${journey}`, 'changeId');
      const challenge = change.challenges.get(data.challengeId);
      if (!challenge)
        throw notFound(`challenge ${data.challengeId} of change ${data.changeId} does not exist`, 'challengeId');
      if (challenge.answered) throw conflict(`challenge ${data.challengeId} has already been answered`, 'challengeId');
      return [decided('ChallengeAnswered', data)];
    }

    case 'HarvestLesson': {
      const { type: _t, journeyId: _j, ...data } = command;
      const lessonId = data.lessonId ?? ctx.newId();
      if (state.lessons.has(lessonId))
        throw conflict(`lesson ${lessonId} already exists in journey ${journey}`, 'lessonId');
      return [decided('LessonHarvested', { ...data, lessonId })];
    }
    case 'VoicePerspective': {
      const { type: _t, journeyId: _j, ...data } = command;
      const perspectiveId = data.perspectiveId ?? ctx.newId();
      if (state.perspectives.has(perspectiveId))
        throw conflict(`perspective ${perspectiveId} already exists in journey ${journey}`, 'perspectiveId');
      return [decided('PerspectiveVoiced', { ...data, perspectiveId })];
    }
    case 'AssignAccountability': {
      const { type: _t, journeyId: _j, ...data } = command;
      const accountabilityId = data.accountabilityId ?? ctx.newId();
      if (state.accountabilities.has(accountabilityId)) {
        throw conflict(`accountability ${accountabilityId} already exists in journey ${journey}`, 'accountabilityId');
      }
      return [decided('AccountabilityAssigned', { ...data, accountabilityId })];
    }
    case 'DischargeAccountability': {
      const { type: _t, journeyId: _j, ...data } = command;
      const a = state.accountabilities.get(data.accountabilityId);
      if (!a)
        throw notFound(
          `accountability ${data.accountabilityId} does not exist in journey ${journey}`,
          'accountabilityId',
        );
      if (a.discharged)
        throw conflict(`accountability ${data.accountabilityId} is already discharged`, 'accountabilityId');
      return [decided('AccountabilityDischarged', data)];
    }
    default:
      return assertNever(command);
  }
}
