import type { EventData, EventType } from '../../events/index.js';
import type { JourneyCommand } from '../commands.js';
import type { DecideContext, DecidedOf } from '../decider.js';

/**
 * An area of the journey's rules (its charter, plans, decisions, changes, learning, accountabilities): what it
 * remembers of the stream, how each of its events changes that memory, and the rule of each of its commands. A new
 * journey event or command is a case here, in its area's module; decide.ts puts the areas together and the compiler
 * checks that every journey event and command has its case.
 */
export type JourneyCommandType = JourneyCommand['type'];
export type CommandOfType<T extends JourneyCommandType> = Extract<JourneyCommand, { type: T }>;

/** How an event changes an area's memory: the new memory of that area (the other areas' is left as it was). */
export type Evolve<M, T extends EventType> = (memory: M, data: EventData<T>) => M;
/** The rule of a command: the events it leads to, or a DomainError. `S` is the memory the rule reads. */
export type Rule<S, C extends JourneyCommandType> = (
  command: CommandOfType<C>,
  state: S,
  ctx: DecideContext,
) => DecidedOf<'journey'>[];

export interface Area<M, E extends EventType, C extends JourneyCommandType, S = M> {
  memory: () => M;
  evolve: { [T in E]: Evolve<M, T> };
  rules: { [K in C]: Rule<S, K> };
}
