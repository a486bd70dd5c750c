import type { Clock, IdGenerator } from '../clock.js';
import { accessDecider, type AccessState } from '../domain/access.js';
import {
  isIndicatorCommand,
  isJourneyCommand,
  type AccessCommand,
  type Command,
  type IndicatorCommand,
  type JourneyCommand,
} from '../domain/commands.js';
import { indicatorDecider, type IndicatorState } from '../domain/indicator.js';
import { forbidden, type DomainError } from '../domain/errors.js';
import { journeyDecider, type JourneyState } from '../domain/journey/decide.js';
import { subjectOf, type AccessPolicy, type Principal } from '../domain/policy.js';
import type { Actor } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { CommandHandler, type HandleOptions, type HandleResult } from './command-handler.js';

/**
 * The ledger's write side: one command handler per kind of stream, each generic over its decider, behind one
 * `handle` that sends a command to the handler of its kind. The doors (API, pages, CLI) write through this.
 */
export interface LedgerDeps {
  store: EventStore;
  clock: Clock;
  newId: IdGenerator;
  cacheSize?: number;
  /**
   * The access policy, asked once more with everything a command is about (a new journey's partners, a new
   * indicator's journeys, which a door may ask about before it has read the body): so no door can write outside
   * an actor's scope. Absent (the CLI's own writes, tests of the rules): the doors' answer stands.
   */
  policy?: AccessPolicy;
}

export class Ledger {
  readonly journeys: CommandHandler<JourneyState, JourneyCommand>;
  readonly indicators: CommandHandler<IndicatorState, IndicatorCommand>;
  readonly access: CommandHandler<AccessState, AccessCommand>;

  constructor(private readonly deps: LedgerDeps) {
    this.journeys = new CommandHandler(journeyDecider, deps);
    this.indicators = new CommandHandler(indicatorDecider, deps);
    this.access = new CommandHandler(accessDecider, deps);
  }

  get store(): EventStore {
    return this.deps.store;
  }

  /** Why the access policy refuses this command to this actor, or null when it may (or no policy is given). */
  refusal(actor: Principal, command: Command): DomainError | null {
    const verdict = this.deps.policy?.authorise(actor, { do: 'write', command: command.type, ...subjectOf(command) });
    if (verdict === undefined || verdict.allowed) return null;
    return forbidden(
      verdict.outOfScope ?? `the ${actor.role} role may not do this; it needs ${verdict.roles.join(' or ')}`,
    );
  }

  handle(actor: Actor, command: Command, options: HandleOptions = {}): Promise<HandleResult> {
    const refused = this.refusal(actor, command);
    if (refused) return Promise.reject(refused);
    if (isJourneyCommand(command)) return this.journeys.handle(actor, command, options);
    if (isIndicatorCommand(command)) return this.indicators.handle(actor, command, options);
    return this.access.handle(actor, command, options);
  }
}
