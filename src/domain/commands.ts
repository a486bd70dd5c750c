import type { z } from 'zod';
import { descriptorOfCommand, type CommandType, type Descriptor } from '../events/index.js';

/**
 * Commands: what a user asks for, named as an imperative. Each command leads to one event type, named by that
 * event's descriptor (src/events/catalogue/). A command carries the event's data, with the id it creates
 * optional (the decider then takes a new id from ctx.newId) and the stream's key (journeyId / indicatorId)
 * alongside. The types are derived from the descriptors: a new descriptor with a command is a new command.
 */
type Commanded = Extract<Descriptor, { command: string }>;
type OptionalKey<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
type Data<D extends Commanded> = z.output<D['schema']>;
/** The event's data with its created id optional. */
type CommandData<D extends Commanded> = D['creates'] extends keyof Data<D>
  ? OptionalKey<Data<D>, D['creates']>
  : Data<D>;
type StreamKey<K> = K extends 'journey'
  ? { journeyId: string }
  : K extends 'indicator'
    ? { indicatorId: string }
    : unknown;
type CommandOf<D> = D extends Commanded ? { type: D['command'] } & StreamKey<D['stream']> & CommandData<D> : never;

export type Command = CommandOf<Commanded>;
export type JourneyCommand = CommandOf<Extract<Commanded, { stream: 'journey' }>>;
export type IndicatorCommand = CommandOf<Extract<Commanded, { stream: 'indicator' }>>;
export type AccessCommand = CommandOf<Extract<Commanded, { stream: 'access' }>>;

const kindOf = (c: { type: string }): string => descriptorOfCommand(c.type as CommandType).stream;
export const isJourneyCommand = (c: Command): c is JourneyCommand => kindOf(c) === 'journey';
export const isIndicatorCommand = (c: Command): c is IndicatorCommand => kindOf(c) === 'indicator';
