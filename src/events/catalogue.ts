import type { z } from 'zod';
import { ACCESS } from './catalogue/access.js';
import { ACCOUNTABILITIES } from './catalogue/accountabilities.js';
import { CHANGES } from './catalogue/changes.js';
import { DECISIONS } from './catalogue/decisions.js';
import { INDICATORS } from './catalogue/indicators.js';
import { CHARTER } from './catalogue/charter.js';
import { LEARNING } from './catalogue/learning.js';
import { LEDGER } from './catalogue/ledger.js';
export { SignedTreeHeadSchema } from './catalogue/ledger.js';
import { PLANS } from './catalogue/plans.js';
export { WHOLE_POPULATION } from './catalogue/indicators.js';
import { idNames, type EventDescriptor, type Names, type References } from './describe.js';

/**
 * The event catalogue: the list of descriptors, and every table derived from it. Nothing else lists event types.
 * Journey and indicator ids are not repeated inside events of their own stream (the stream id carries them),
 * except in the event that charts/defines the stream.
 */
export const DESCRIPTORS = [
  ...CHARTER,
  ...PLANS,
  ...DECISIONS,
  ...CHANGES,
  ...LEARNING,
  ...ACCOUNTABILITIES,
  ...INDICATORS,
  ...LEDGER,
  ...ACCESS,
] as const;

export type Descriptor = (typeof DESCRIPTORS)[number];
export type EventType = Descriptor['type'];
type SchemaMap = { [D in Descriptor as D['type']]: D['schema'] };
type DataMap = { [T in EventType]: z.output<SchemaMap[T]> };
export type EventData<T extends EventType = EventType> = DataMap[T];

/**
 * A descriptor seen without its event's type: what the derivations below (and those of requests.ts) work with,
 * so the same functions serve every descriptor, a new one included. Its callbacks take the event's data.
 */
export type AnyDescriptor = EventDescriptor<string, Descriptor['stream'], z.ZodObject>;

const byType = new Map<string, AnyDescriptor>(DESCRIPTORS.map((d) => [d.type, d as unknown as AnyDescriptor]));

export const EVENT_TYPES = DESCRIPTORS.map((d) => d.type) as EventType[];

export function descriptorOf(type: EventType): AnyDescriptor;
export function descriptorOf(type: string): AnyDescriptor | undefined;
export function descriptorOf(type: string): AnyDescriptor | undefined {
  return byType.get(type);
}

/** The strict zod schema of every event type. */
export const eventSchemas = Object.fromEntries(DESCRIPTORS.map((d) => [d.type, d.schema])) as SchemaMap;

type Creating = Extract<Descriptor, { creates: string }>;
/** The id each event creates, when the client may leave it out and the server then generates a UUID v7. */
export const createdIdOf = Object.fromEntries(
  DESCRIPTORS.flatMap((d) => (d.creates === undefined ? [] : [[d.type, d.creates]])),
) as { [D in Creating as D['type']]: D['creates'] } & Partial<Record<EventType, string>>;

/**
 * The item an event is about, for the API's `id`: the id it created, else the item it names (a revision names
 * its plan, an answer its challenge), else the stream's own key (a reframing is about its journey).
 */
export function subjectIdOf(type: string, data: unknown, streamKey: string, d = descriptorOf(type)): string {
  const field = d?.creates ?? d?.subject;
  const value = field === undefined ? undefined : (data as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : streamKey;
}

/** Items of other streams the data names (a command's or an event's: the fields are the same). */
export function referencesOf(type: string, data: unknown, d = descriptorOf(type)): Required<References> {
  const refs = d?.references?.(data as never);
  return { indicators: refs?.indicators ?? [], journeys: refs?.journeys ?? [] };
}

/** What people read about an event: the descriptor's sentence, with ids said as `names` says them. */
export function sentenceOf(
  e: { type: string; data: unknown; actor: { name: string }; streamKey: string },
  names: Names = idNames,
  d = descriptorOf(e.type),
): string {
  if (!d) return e.type;
  // A stored event its schema would now refuse (an old or damaged entry) still gets a line: the timeline shows every
  // entry, and one unreadable entry must not take the whole page down.
  try {
    return d.sentence(e.data as never, names, { by: e.actor.name, streamKey: e.streamKey });
  } catch {
    return `An entry whose details cannot be read (${e.type})`;
  }
}

type Commanded = Extract<Descriptor, { command: string }>;
export type CommandType = Commanded['command'];

/** The event type each command asks for. */
export const commandEvents = Object.fromEntries(
  DESCRIPTORS.flatMap((d) => (d.command === undefined ? [] : [[d.command, d.type]])),
) as { [D in Commanded as D['command']]: D['type'] };

/** The descriptor of the event a command asks for. */
export const descriptorOfCommand = (command: CommandType): AnyDescriptor =>
  descriptorOf(commandEvents[command] as EventType);
