import type { CommandType, Descriptor, EventData, EventType, StreamKind } from '../events/index.js';

/**
 * A decider (as in Emmett): the pure rules of one kind of stream. `decide` turns a command and the stream's
 * state into events (or throws a DomainError); `evolve` folds an event into the state. The command handler
 * (src/app/command-handler.ts) is generic over it, so it never needs to know which rules it runs.
 */
export interface Decider<S, C extends { type: CommandType }, E extends Decided = Decided> {
  kind: Exclude<StreamKind, 'report'>;
  initialState: () => S;
  decide: (command: C, state: S, ctx: DecideContext) => E[];
  /** Events of other kinds never reach a stream of this kind; evolve ignores them all the same. */
  evolve: (state: S, event: Decided) => S;
  /** The stream a command writes to. */
  streamOf: (command: C) => string;
}

/** What a decider returns: event types and data; the shell adds ids, the actor and the envelope. */
export type Decided = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];
/** The events of one kind of stream: what its decider may return. */
export type DecidedOf<K extends StreamKind> = Extract<Decided, { type: Extract<Descriptor, { stream: K }>['type'] }>;
export const decided = <T extends EventType>(type: T, data: EventData<T>): { type: T; data: EventData<T> } => ({
  type,
  data,
});

/** What every decider is given besides the command and the state: time and ids come in, never from globals. */
export interface DecideContext {
  now: Date;
  newId: () => string;
  /** Items of other streams the command refers to, as the shell found them (see referencesOf in src/events). */
  known?: { indicators?: ReadonlySet<string>; journeys?: ReadonlySet<string> };
}
