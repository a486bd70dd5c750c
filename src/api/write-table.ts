import { z } from 'zod';
import { eventSchemas, ItemId, Slug, type EventType, type Role } from '../events/index.js';
import { commandEvents, createdIds, type CommandType } from '../domain/commands.js';

/**
 * Every write route of DESIGN §6 as data: the route, the command it asks for, who may ask (admin always may),
 * and — derived from the catalogue — the request body schema and the path parameters. The router and the
 * OpenAPI document are both built from this one table.
 *
 * Rights (DESIGN §7): contributors make every domain write except challenges and call-ins; scrutineers
 * challenge, call in (and conclude call-ins) and voice perspectives. Answering a challenge is the reporting
 * side's job, so it belongs to contributors (we chose this; DESIGN leaves it open).
 */
export interface WriteRoute {
  path: string;
  command: CommandType;
  event: EventType;
  roles: Role[];
  summary: string;
}

const C: Role[] = ['contributor'];
const S: Role[] = ['scrutineer'];
const route = (path: string, command: CommandType, roles: Role[], summary: string): WriteRoute => ({
  path,
  command,
  event: commandEvents[command],
  roles,
  summary,
});

const J = '/journeys/:journeyId';
const I = '/indicators/:indicatorId';
export const WRITE_ROUTES: WriteRoute[] = [
  route('/journeys', 'CharterJourney', C, 'Chart a journey'),
  route(`${J}/reframe`, 'ReframeJourney', C, 'Reframe a journey (title, ambition, horizon, lead, partners)'),
  route(`${J}/conclude`, 'ConcludeJourney', C, 'Conclude a journey'),
  route(`${J}/plans`, 'AdoptPlan', C, 'Adopt a plan'),
  route(`${J}/plans/:planId/revise`, 'RevisePlan', C, 'Revise a plan'),
  route(`${J}/plans/:planId/withdraw`, 'WithdrawPlan', C, 'Withdraw a plan'),
  route(`${J}/decisions`, 'TakeDecision', C, 'Record a decision taken (with options, dissent, evidence)'),
  route(
    `${J}/decisions/:decisionId/supersede`,
    'SupersedeDecision',
    C,
    'Record that a later decision superseded this one',
  ),
  route(`${J}/decisions/:decisionId/call-in`, 'CallInDecision', S, 'Call a decision in, within its call-in window'),
  route(`${J}/decisions/:decisionId/call-in/conclude`, 'ConcludeCallIn', S, 'Conclude a call-in'),
  route(`${J}/changes`, 'ReportChange', C, 'Report a change: what is different now, for whom, on what evidence'),
  route(`${J}/changes/:changeId/challenges`, 'ChallengeChange', S, 'Challenge a reported change'),
  route(`${J}/changes/:changeId/challenges/:challengeId/answer`, 'AnswerChallenge', C, 'Answer a challenge'),
  route(`${J}/lessons`, 'HarvestLesson', C, 'Harvest a lesson'),
  route(
    `${J}/perspectives`,
    'VoicePerspective',
    [...C, ...S],
    'Record a perspective (community, frontline, partner, scrutiny)',
  ),
  route(`${J}/accountabilities`, 'AssignAccountability', C, 'Assign an accountability'),
  route(
    `${J}/accountabilities/:accountabilityId/discharge`,
    'DischargeAccountability',
    C,
    'Discharge an accountability',
  ),
  route('/indicators', 'DefineIndicator', C, 'Define an indicator (baseline, target, direction)'),
  route(`${I}/target`, 'ReviseTarget', C, "Revise an indicator's target (always visible)"),
  route(`${I}/measurements`, 'RecordMeasurement', C, 'Record a measurement'),
  route(`${I}/measurements/:measurementId/correct`, 'CorrectMeasurement', C, 'Correct a measurement'),
];

/** `:journeyId` etc. in the route's path. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] as string);

/** Schema of a route's path parameters: journeys and indicators are slugs, every other id a slug or a UUID. */
export function paramsSchema(route: WriteRoute): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const p of pathParams(route.path)) shape[p] = p === 'journeyId' || p === 'indicatorId' ? Slug : ItemId;
  return z.object(shape);
}

/**
 * The request body: the event's schema minus the fields the path gives, with the created id optional
 * (the server makes a UUID v7 then). Still strict: unknown fields are rejected.
 */
export function bodySchema(route: WriteRoute): z.ZodObject {
  const schema = eventSchemas[route.event] as unknown as z.ZodObject;
  const fromPath = pathParams(route.path).filter((p) => p in schema.shape);
  const omitted =
    fromPath.length > 0 ? schema.omit(Object.fromEntries(fromPath.map((p) => [p, true])) as never) : schema;
  const created = (createdIds as Partial<Record<EventType, string>>)[route.event];
  return created !== undefined && created in omitted.shape ? omitted.partial({ [created]: true } as never) : omitted;
}
