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
import { journeyDecider, type JourneyState } from '../domain/journey/decide.js';
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

  handle(actor: Actor, command: Command, options: HandleOptions = {}): Promise<HandleResult> {
    if (isJourneyCommand(command)) return this.journeys.handle(actor, command, options);
    if (isIndicatorCommand(command)) return this.indicators.handle(actor, command, options);
    return this.access.handle(actor, command, options);
  }
}
