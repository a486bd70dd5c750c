import { streamIds } from '../events/index.js';
import { decideAccess, evolveAccess, initialAccessState, type AccessState } from './access.js';
import {
  isIndicatorCommand,
  isJourneyCommand,
  type AccessCommand,
  type Command,
  type DecideContext,
  type Decided,
} from './commands.js';
import { decideIndicator, evolveIndicator, initialIndicatorState, type IndicatorState } from './indicator.js';
import { decideJourney, evolveJourney, initialJourneyState, type JourneyState } from './journey.js';

/** How to rebuild the state of a stream of a given kind, for the shell that does not know the kind statically. */
export interface StreamModel {
  initial: () => unknown;
  evolve: (state: unknown, event: Decided) => unknown;
}

const models: Record<'journey' | 'indicator' | 'access', StreamModel> = {
  journey: { initial: initialJourneyState, evolve: (s, e) => evolveJourney(s as JourneyState, e) },
  indicator: { initial: initialIndicatorState, evolve: (s, e) => evolveIndicator(s as IndicatorState, e) },
  access: { initial: initialAccessState, evolve: (s, e) => evolveAccess(s as AccessState, e) },
};

/** Which stream a command writes to, and the key (journeyId, indicatorId) that names it. */
export function streamOf(command: Command): { streamId: string; key: string } {
  if (isJourneyCommand(command)) return { streamId: streamIds.journey(command.journeyId), key: command.journeyId };
  if (isIndicatorCommand(command))
    return { streamId: streamIds.indicator(command.indicatorId), key: command.indicatorId };
  return { streamId: streamIds.access, key: 'access' };
}

/** Items of other streams a command names, which the shell must look up before deciding (a decider does no I/O). */
export function referencesOf(command: Command): { indicators: string[]; journeys: string[] } {
  const indicators = new Set<string>();
  const journeys = new Set<string>();
  switch (command.type) {
    case 'AdoptPlan':
    case 'RevisePlan':
    case 'ReportChange':
      for (const id of command.indicatorIds ?? []) indicators.add(id);
      break;
    case 'TakeDecision':
      for (const e of command.expectedEffect ?? []) indicators.add(e.indicatorId);
      break;
    case 'DefineIndicator':
      for (const id of command.journeyIds ?? []) journeys.add(id);
      break;
    default:
      break;
  }
  return { indicators: [...indicators], journeys: [...journeys] };
}

/** Decide any command against the state of its own stream kind. */
export function decideAny(command: Command, state: unknown, ctx: DecideContext): Decided[] {
  if (isJourneyCommand(command)) return decideJourney(command, state as JourneyState, ctx);
  if (isIndicatorCommand(command)) return decideIndicator(command, state as IndicatorState, ctx);
  return decideAccess(command as AccessCommand, state as AccessState, ctx);
}

export function modelFor(command: Command): StreamModel {
  return isJourneyCommand(command) ? models.journey : isIndicatorCommand(command) ? models.indicator : models.access;
}
