import { streamIds } from '../../events/index.js';
import type { JourneyCommand } from '../commands.js';
import { decided, type DecideContext, type Decided, type Decider } from '../decider.js';
import { assertNever, conflict, notFound } from '../errors.js';
import { decideAccountability } from './accountabilities.js';
import { decideChange } from './changes.js';
import { decideCharter } from './charter.js';
import { decideDecision } from './decisions.js';
import { decideLearning } from './learning.js';
import { decidePlan } from './plans.js';
import { evolveJourney, initialJourneyState, type JourneyState } from './state.js';

/** Once a journey is concluded, looking back is still welcome: lessons and perspectives. Nothing else. */
const STILL_ACCEPTED_WHEN_CONCLUDED: ReadonlySet<JourneyCommand['type']> = new Set([
  'HarvestLesson',
  'VoicePerspective',
]);

/** The journey's rules: the charter first, then each area's own module. */
export function decideJourney(command: JourneyCommand, state: JourneyState, ctx: DecideContext): Decided[] {
  const journey = command.journeyId;
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
    case 'ReframeJourney':
    case 'ConcludeJourney':
      return decideCharter(command);
    case 'AdoptPlan':
    case 'RevisePlan':
    case 'WithdrawPlan':
      return decidePlan(command, state, ctx);
    case 'TakeDecision':
    case 'CallInDecision':
    case 'ConcludeCallIn':
    case 'SupersedeDecision':
      return decideDecision(command, state, ctx);
    case 'ReportChange':
    case 'ChallengeChange':
    case 'AnswerChallenge':
      return decideChange(command, state, ctx);
    case 'HarvestLesson':
    case 'VoicePerspective':
      return decideLearning(command, state, ctx);
    case 'AssignAccountability':
    case 'DischargeAccountability':
      return decideAccountability(command, state, ctx);
    default:
      return assertNever(command);
  }
}

export const journeyDecider: Decider<JourneyState, JourneyCommand> = {
  kind: 'journey',
  initialState: initialJourneyState,
  decide: decideJourney,
  evolve: evolveJourney,
  streamOf: (c) => streamIds.journey(c.journeyId),
};

export type { JourneyState } from './state.js';
