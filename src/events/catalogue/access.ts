import { z } from 'zod';
import { describeEvent } from '../describe.js';
import { ItemId, Role, Slug, Text } from '../primitives.js';
import { Sha256 } from './ledger.js';

/**
 * The access roster: who may sign in, with which role, and where a contributor may record (its scope). Who could
 * write where, and since when, is itself on the ledger (docs/decisions.md, "Scopes").
 */

/**
 * Where a contributor may record: the journeys listed, or every journey that names a partner organisation as its
 * lead or among its partners (matched at each write against the journey as it is then). No scope: every journey.
 */
export const JourneyScope = z.union([
  z.strictObject({ journeys: z.array(Slug).min(1, 'must name at least one journey').max(500) }),
  z.strictObject({ partner: Text.max(200, 'must be at most 200 characters') }),
]);
export type JourneyScope = z.output<typeof JourneyScope>;

/** A scope as changed later: a list of journeys, a partner, or every journey again. */
export const ScopeChange = z.union([JourneyScope, z.strictObject({ all: z.literal(true) })]);
export type ScopeChange = z.output<typeof ScopeChange>;

/** A scope in words, for the timeline, `journey token list` and the pages. */
export function scopeInWords(scope: ScopeChange | undefined): string {
  if (scope === undefined || 'all' in scope) return 'every journey';
  if ('partner' in scope) return `the journeys of ${scope.partner}`;
  return `${scope.journeys.length === 1 ? 'the journey' : 'the journeys'} ${scope.journeys.join(', ')}`;
}

/** The journeys a scope names (a partner's are found at each write, not named here). */
const scopeJourneys = (scope: ScopeChange | undefined) => ({
  journeys: scope !== undefined && 'journeys' in scope ? scope.journeys : [],
});

/** Token hashes: the token itself is never stored, and the hash never leaves the store. */
const ActorEnrolled = describeEvent({
  type: 'ActorEnrolled',
  stream: 'access',
  schema: z.strictObject({
    actorId: ItemId,
    name: Text,
    role: Role,
    tokenHash: Sha256,
    scope: JourneyScope.optional(),
  }),
  command: 'EnrollActor',
  creates: 'actorId',
  references: (d) => scopeJourneys(d.scope),
  sentence: (d) => `${d.name} enrolled as ${d.role}${d.scope ? `, recording on ${scopeInWords(d.scope)}` : ''}`,
});

const AccessRevoked = describeEvent({
  type: 'AccessRevoked',
  stream: 'access',
  schema: z.strictObject({ actorId: ItemId, reason: Text }),
  command: 'RevokeAccess',
  subject: 'actorId',
  sentence: (d, names) => `Access of ${names.actor(d.actorId)} revoked: ${d.reason}`,
});

const AccessScopeChanged = describeEvent({
  type: 'AccessScopeChanged',
  stream: 'access',
  schema: z.strictObject({ actorId: ItemId, scope: ScopeChange, reason: Text }),
  command: 'ChangeAccessScope',
  subject: 'actorId',
  references: (d) => scopeJourneys(d.scope),
  sentence: (d, names) => `${names.actor(d.actorId)} now records on ${scopeInWords(d.scope)}: ${d.reason}`,
});

/** This area's event types, in the catalogue's order: a new one is added here. */
export const ACCESS = [ActorEnrolled, AccessRevoked, AccessScopeChanged] as const;
