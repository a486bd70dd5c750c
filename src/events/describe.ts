import type { z } from 'zod';
import type { Role } from './primitives.js';
import type { StreamKind } from './streams.js';

/**
 * One descriptor per event type: everything the code knows about the event, in one place. The schema, the
 * command that asks for it, its write route and roles, the id it creates, the item it is about, the items of
 * other streams it refers to, its valid time and the sentence people read are all here; every other table
 * (schemas, created ids, commands, routes, request bodies, OpenAPI, timeline words, links, valid time) is
 * derived from the list of descriptors in catalogue.ts. See docs/architecture.md, "Adding an event type".
 */

/** Items of other streams an event (or its command) names: looked up before deciding, and linked by projections. */
export interface References {
  indicators?: readonly string[];
  journeys?: readonly string[];
}

/**
 * How an id is said to people. A sentence never prints a raw id itself: it asks here, so a page that knows the
 * names (a plan's intent, an indicator's name) says them, and the ledger's own words fall back to the id.
 */
export interface Names {
  journey(id: string): string;
  indicator(id: string): string;
  plan(id: string): string;
  decision(id: string): string;
  change(id: string): string;
  challenge(id: string): string;
  accountability(id: string): string;
  measurement(id: string): string;
  gap(id: string): string;
  /** A group of an indicator's figures (a ward, free-school-meals pupils): its name where the page knows it. */
  group(id: string): string;
  actor(id: string): string;
}

const itself = (id: string): string => id;
/** The ledger's own words: every id as it is. */
export const idNames: Names = {
  journey: itself,
  indicator: itself,
  plan: itself,
  decision: itself,
  change: itself,
  challenge: itself,
  accountability: itself,
  measurement: itself,
  gap: itself,
  group: itself,
  actor: itself,
};

/** What a sentence may use besides the event's data: who recorded it, and the key of its stream. */
export interface SentenceContext {
  by: string;
  streamKey: string;
}

/** A write route: the path under /api, who may use it (admin always may), and what it does, for the API's docs. */
export interface RouteSpec {
  path: string;
  roles: readonly Role[];
  summary: string;
}

type Field<S extends z.ZodObject> = keyof z.output<S> & string;

export interface ValidTime<F extends string = string> {
  field: F;
  is: 'instant' | 'date' | 'period';
}

export interface EventDescriptor<
  T extends string = string,
  K extends StreamKind = StreamKind,
  S extends z.ZodObject = z.ZodObject,
  C extends string | undefined = string | undefined,
  Cr extends string | undefined = string | undefined,
> {
  readonly type: T;
  /** The kind of stream it lives in (streams.ts names the stream). */
  readonly stream: K;
  /** Strict: unknown fields are rejected. The event's TypeScript type is inferred from it. */
  readonly schema: S;
  /** The imperative a user asks for it with (absent: nobody asks for it through the command handler). */
  readonly command: C;
  /** The id it creates: a request may leave it out (the server makes a UUID v7); one that exists is a 409. */
  readonly creates: Cr;
  /** When it creates nothing, the field naming the item it is about (absent: the stream's own key). */
  readonly subject?: string;
  /**
   * Valid time: the field saying when it happened in the world, and what it holds (an instant, a date, or a period
   * standing for its last day). Absent: it happened when the ledger learned it.
   */
  readonly occurredAt?: ValidTime;
  /** Items of other streams it names. */
  readonly references?: (data: z.output<S>) => References;
  readonly route?: RouteSpec;
  /** The plain-language line people read about it (the timeline's words). */
  readonly sentence: (data: z.output<S>, names: Names, ctx: SentenceContext) => string;
}

/** Declares an event type; the literal types of `type`, `stream`, `command` and `creates` are kept for derivations. */
export function describeEvent<
  const T extends string,
  const K extends StreamKind,
  S extends z.ZodObject,
  const C extends string | undefined = undefined,
  const Cr extends Field<S> | undefined = undefined,
>(d: {
  type: T;
  stream: K;
  schema: S;
  command?: C;
  creates?: Cr;
  subject?: Field<S>;
  occurredAt?: ValidTime<Field<S>>;
  references?: (data: z.output<S>) => References;
  route?: RouteSpec;
  sentence: (data: z.output<S>, names: Names, ctx: SentenceContext) => string;
}): EventDescriptor<T, K, S, C, Cr> {
  return { ...d, command: d.command as C, creates: d.creates as Cr };
}
