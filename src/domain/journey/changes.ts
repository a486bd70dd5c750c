import { dayOf } from '../../events/index.js';
import { decided, type DecideContext, type Decided } from '../decider.js';
import { conflict, notFound } from '../errors.js';
import { indicatorKnown, missing, planKnown, refuseIfAny, type CommandOfType } from './rules.js';
import type { JourneyState } from './state.js';

/** Changes: reported once they have happened; challenged; each challenge answered once. */
export function decideChange(
  command: CommandOfType<'ReportChange' | 'ChallengeChange' | 'AnswerChallenge'>,
  state: JourneyState,
  ctx: DecideContext,
): Decided[] {
  const journey = command.journeyId;
  switch (command.type) {
    case 'ReportChange': {
      const { type: _t, journeyId: _j, ...data } = command;
      const changeId = data.changeId ?? ctx.newId();
      if (state.changes.has(changeId))
        throw conflict(`change ${changeId} already exists in journey ${journey}`, 'changeId');
      refuseIfAny([
        ...(data.planId !== undefined && !planKnown(state)(data.planId)
          ? [{ path: 'planId', message: `plan ${data.planId} does not exist in journey ${journey}` }]
          : []),
        ...missing(data.indicatorIds, indicatorKnown(ctx), 'indicatorIds', 'indicator'),
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
  }
}
