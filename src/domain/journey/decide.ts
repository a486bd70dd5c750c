import { streamIds, type Descriptor } from '../../events/index.js';
import type { JourneyCommand } from '../commands.js';
import type { DecideContext, Decided, Decider } from '../decider.js';
import { conflict, notFound } from '../errors.js';
import { accountabilities, type AccountabilityMemory } from './accountabilities.js';
import type { JourneyCommandType, Rule } from './area.js';
import { changes, type ChangeMemory } from './changes.js';
import { charter, type CharterMemory } from './charter.js';
import { decisions, type DecisionMemory } from './decisions.js';
import { learning, type LearningMemory } from './learning.js';
import { plans, type PlanMemory } from './plans.js';

/**
 * The journey's rules, put together from its areas (area.ts): what the journey stream remembers is the sum of
 * what each area remembers; each event changes its own area's memory; each command has its area's rule. Plain
 * readonly data: evolve returns a new state and never changes the one it was given.
 */
export type JourneyState = CharterMemory &
  PlanMemory &
  DecisionMemory &
  ChangeMemory &
  LearningMemory &
  AccountabilityMemory;

type JourneyEvent = Extract<Descriptor, { stream: 'journey' }>['type'];
/** How a journey event changes the state: its area's case, given the state (a superset of the area's memory). */
type StateEvolve = (state: JourneyState, data: never) => Partial<JourneyState>;

const AREAS = [charter, plans, decisions, changes, learning, accountabilities] as const;

/** Every journey event's case and every journey command's rule: the compiler names any that is missing. */
const EVOLVE: { [T in JourneyEvent]: StateEvolve } = {
  ...charter.evolve,
  ...plans.evolve,
  ...decisions.evolve,
  ...changes.evolve,
  ...learning.evolve,
  ...accountabilities.evolve,
};
const RULES: { [K in JourneyCommandType]: Rule<JourneyState, K> } = {
  ...charter.rules,
  ...plans.rules,
  ...decisions.rules,
  ...changes.rules,
  ...learning.rules,
  ...accountabilities.rules,
};

export const initialJourneyState = (): JourneyState =>
  Object.assign({}, ...AREAS.map((a) => a.memory())) as JourneyState;

export function evolveJourney(state: JourneyState, event: Decided): JourneyState {
  const evolve = (EVOLVE as Partial<Record<string, StateEvolve>>)[event.type];
  // Events of other streams never reach a journey stream; they change nothing.
  return evolve === undefined ? state : { ...state, ...evolve(state, event.data as never) };
}

/** Once a journey is concluded, looking back is still welcome: lessons and perspectives. Nothing else. */
const STILL_ACCEPTED_WHEN_CONCLUDED: ReadonlySet<JourneyCommandType> = new Set(['HarvestLesson', 'VoicePerspective']);

export function decideJourney(command: JourneyCommand, state: JourneyState, ctx: DecideContext): Decided[] {
  const journey = command.journeyId;
  if (command.type !== 'CharterJourney') {
    if (!state.charted) throw notFound(`journey ${journey} does not exist`, 'journeyId');
    if (state.concluded && !STILL_ACCEPTED_WHEN_CONCLUDED.has(command.type)) {
      throw conflict(
        `journey ${journey} is concluded: only lessons and perspectives may still be recorded`,
        'journeyId',
      );
    }
  }
  // The rule of the command's own type (TypeScript cannot pair a union of rules with a union of commands itself).
  const rule = RULES[command.type] as Rule<JourneyState, JourneyCommandType>;
  return rule(command as never, state, ctx);
}

export const journeyDecider: Decider<JourneyState, JourneyCommand> = {
  kind: 'journey',
  initialState: initialJourneyState,
  decide: decideJourney,
  evolve: evolveJourney,
  streamOf: (c) => streamIds.journey(c.journeyId),
};
