import { z } from 'zod';
import { DESCRIPTORS, type AnyDescriptor, type CommandType, type EventType } from './catalogue.js';
import { ItemId, Slug, type Role } from './primitives.js';

/**
 * Every write route, derived from the descriptors that have one: the path under /api, the command it asks for,
 * who may ask (admin always may), and the request's body and path schemas. The API's router, its OpenAPI
 * document and the access policy are all built from this one list.
 */
export interface WriteRoute<C extends string = CommandType, E extends string = EventType> {
  path: string;
  command: C;
  event: E;
  roles: readonly Role[];
  summary: string;
  /** The descriptor it comes from (the body and the path params are derived from its schema). */
  descriptor: AnyDescriptor;
}

/** The write routes of a list of descriptors, in the list's order. */
export function writeRoutesOf(descriptors: readonly AnyDescriptor[]): WriteRoute<string, string>[] {
  return descriptors.flatMap((d) =>
    d.route && d.command !== undefined
      ? [
          {
            path: d.route.path,
            command: d.command,
            event: d.type,
            roles: d.route.roles,
            summary: d.route.summary,
            descriptor: d,
          },
        ]
      : [],
  );
}

export const WRITE_ROUTES = writeRoutesOf(DESCRIPTORS as unknown as readonly AnyDescriptor[]) as WriteRoute[];

/** `:journeyId` etc. in a route's path. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);

/** Schema of a route's path parameters: journeys and indicators are slugs, every other id a slug or a UUID. */
export function paramsSchema(route: Pick<WriteRoute<string, string>, 'path'>): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const p of pathParams(route.path)) shape[p] = p === 'journeyId' || p === 'indicatorId' ? Slug : ItemId;
  return z.object(shape);
}

/**
 * The request body: the event's schema minus the fields the path gives, with the created id optional
 * (the server makes a UUID v7 then). Still strict: unknown fields are rejected.
 */
export function bodySchema(route: Pick<WriteRoute<string, string>, 'path' | 'descriptor'>): z.ZodObject {
  const schema = route.descriptor.schema;
  const fromPath = pathParams(route.path).filter((p) => p in schema.shape);
  const omitted =
    fromPath.length > 0 ? schema.omit(Object.fromEntries(fromPath.map((p) => [p, true])) as never) : schema;
  const created = route.descriptor.creates;
  return created !== undefined && created in omitted.shape ? omitted.partial({ [created]: true } as never) : omitted;
}
