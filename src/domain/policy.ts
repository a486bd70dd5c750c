import {
  descriptorOfCommand,
  type Actor,
  type CommandType,
  type JourneyScope,
  type Role,
  scopeInWords,
} from '../events/index.js';
import type { Command } from './commands.js';
import { covers, unknownJourney, type JourneyDirectory, type JourneyParties } from './scope.js';

/**
 * The one access policy: who may do what, asked by every door (the API, the pages, the report files, the CLI).
 * A question names the action and what it is about; the answer is yes, or no with the roles that may (for the
 * door to explain). Writes take their roles from the event's descriptor (src/events/catalogue/); admin always may.
 * PUBLIC_READ opens journeys (their pages, progress, charts and indicators), published reports and the signed tree
 * heads with the public key that checks them to anonymous visitors, nothing else.
 *
 * The questions carry the journey or indicator they are about, so a scope (a contributor limited to some journeys)
 * is one more check here, in `authorise`, and nowhere else.
 */
export type Readable =
  /** Journeys: the overview, a journey, its progress and charts, its replay. */
  | 'journeys'
  /** A journey's raw timeline and its audit trail: the events as recorded, with who recorded them. */
  | 'audit'
  /** An indicator with its figures and chart. */
  | 'indicators'
  /** Published reports and their files. */
  | 'reports'
  /** Who decided what, across journeys. */
  | 'decisions'
  /** The accountability register. */
  | 'accountabilities'
  /** The raw ledger, its verification and its Merkle proofs. */
  | 'ledger'
  /** The ledger's signed tree heads and its public key: what a witness outside needs. */
  | 'tree-heads'
  /** Anything else a door answers (its own 404s included): any signed-in role. */
  | 'other';

/** What the question is about: a write to a journey is about that journey, a measurement about its indicator. */
export interface Subject {
  journeyId?: string;
  indicatorId?: string;
  /** Charting a journey: the lead and partners it is charted with (absent while the door has not read the body). */
  charter?: { lead: string; partners?: readonly string[] | undefined };
  /** Defining an indicator: the journeys its definition names (absent while the door has not read the body). */
  journeyIds?: readonly string[];
}

/** Who asks: an actor, with the scope its access carries (src/app/access-registry.ts); never stored in events. */
export type Principal = Actor & { readonly scope?: JourneyScope };

export type Action =
  | ({ do: 'read'; what: Readable } & Subject)
  | ({ do: 'write'; command: CommandType } & Subject)
  | { do: 'import-measurements' }
  | { do: 'publish-report' }
  | { do: 'sign-head' };

/** `outOfScope` says, in the domain's words, which journey the write is about and why it is not the actor's. */
export type Verdict =
  { allowed: true } | { allowed: false; status: 401 | 403; roles: readonly Role[]; outOfScope?: string };

const EVERY_ROLE: readonly Role[] = ['viewer', 'contributor', 'scrutineer', 'admin'];
const PUBLIC: ReadonlySet<Readable> = new Set(['journeys', 'indicators', 'reports', 'tree-heads']);

/** Whether PUBLIC_READ opens this to anonymous visitors. */
export const opensToPublic = (what: Readable): boolean => PUBLIC.has(what);

/** The roles that may take an action (admin among them). */
export function rolesFor(action: Action): readonly Role[] {
  switch (action.do) {
    case 'read':
      return action.what === 'ledger' || action.what === 'tree-heads' ? ['scrutineer', 'admin'] : EVERY_ROLE;
    case 'write': {
      const roles = descriptorOfCommand(action.command).route?.roles ?? [];
      return roles.includes('admin') ? roles : [...roles, 'admin'];
    }
    case 'import-measurements':
      return ['contributor', 'admin'];
    case 'publish-report':
    case 'sign-head':
      return ['admin'];
  }
}

export interface AccessPolicy {
  readonly publicRead: boolean;
  authorise(actor: Principal | null | undefined, action: Action): Verdict;
  /** Shorthand: may this actor take this action? */
  may(actor: Principal | null | undefined, action: Action): boolean;
  /** The journeys a scoped contributor may record on now; null when its writes are not limited to journeys. */
  recordsOn(actor: Principal | null | undefined): JourneyParties[] | null;
}

/** Everything a command is about, for asking the policy once the body is read. */
export function subjectOf(command: Command): Subject {
  switch (command.type) {
    case 'CharterJourney':
      return { journeyId: command.journeyId, charter: { lead: command.lead, partners: command.partners } };
    case 'DefineIndicator':
      return { journeyIds: command.journeyIds ?? [] };
    default:
      return {
        ...('journeyId' in command ? { journeyId: command.journeyId } : {}),
        ...('indicatorId' in command ? { indicatorId: command.indicatorId } : {}),
      };
  }
}

/** A scope limits a contributor's writes only: admins are never scoped, scrutineers' writes are city-wide. */
const scopeOf = (actor: Principal): JourneyScope | undefined =>
  actor.role === 'contributor' ? actor.scope : undefined;

/**
 * Why a write is outside a scope (naming the journey it is about), or null when it is inside. A write about a
 * journey is inside when the scope covers that journey; about an indicator, when it covers a journey that tracks
 * the indicator. Charting a journey: only a partner's scope, for a journey that names the partner as lead or
 * partner. Defining an indicator: every journey it names must be covered, and it must name one. The door may ask
 * before it has read the body (no `charter`, no `journeyIds`): then only what the path says is checked, and the
 * ledger asks again with the whole command (src/app/ledger.ts).
 */
function scopeRefusal(
  scope: JourneyScope,
  action: Extract<Action, { do: 'write' }>,
  journeys: JourneyDirectory | undefined,
): string | null {
  const within = `outside ${scopeInWords(scope)}`;
  if (!journeys)
    return `the ledger cannot tell which journeys this is about, and your access is limited to ${scopeInWords(scope)}`;
  const parties = (id: string) => journeys.journey(id) ?? unknownJourney(id);
  if (action.command === 'CharterJourney') {
    if ('journeys' in scope)
      return `a new journey is ${within}: ask an administrator to chart it, or to add it to your access`;
    if (!action.charter) return null;
    const charted = {
      ...unknownJourney(action.journeyId ?? 'new'),
      lead: action.charter.lead,
      partners: action.charter.partners ?? [],
    };
    return covers(scope, charted)
      ? null
      : `journey ${charted.journeyId} would be ${within}: name ${scope.partner} as its lead or among its partners`;
  }
  if (action.command === 'DefineIndicator') {
    if (!action.journeyIds) return null;
    if (action.journeyIds.length === 0)
      return `an indicator that names no journey is ${within}: name the journeys that track it (journeyIds)`;
    const outside = action.journeyIds.filter((id) => !covers(scope, parties(id)));
    return outside.length === 0 ? null : `${journeysInWords(outside)} ${outside.length === 1 ? 'is' : 'are'} ${within}`;
  }
  if (action.journeyId !== undefined)
    return covers(scope, parties(action.journeyId)) ? null : `journey ${action.journeyId} is ${within}`;
  if (action.indicatorId !== undefined) {
    const tracking = journeys.tracking(action.indicatorId);
    if (tracking.some((j) => covers(scope, j))) return null;
    return tracking.length === 0
      ? `indicator ${action.indicatorId} is tracked by no journey, so it is ${within}`
      : `indicator ${action.indicatorId} is tracked by ${journeysInWords(tracking.map((j) => j.journeyId))}, ${within}`;
  }
  return `this write names no journey, and your access is limited to ${scopeInWords(scope)}`;
}

const journeysInWords = (ids: readonly string[]): string =>
  `${ids.length === 1 ? 'journey' : 'journeys'} ${ids.join(', ')}`;

/**
 * `journeys` answers the scope questions from the live projections (projections/scope-facts.ts); without it a
 * scoped contributor may write nothing (the CLI's operator is never scoped).
 */
export function accessPolicy(options: { publicRead: boolean; journeys?: JourneyDirectory }): AccessPolicy {
  const authorise = (actor: Principal | null | undefined, action: Action): Verdict => {
    const roles = rolesFor(action);
    if (!actor) {
      const open = options.publicRead && action.do === 'read' && PUBLIC.has(action.what);
      return open ? { allowed: true } : { allowed: false, status: 401, roles };
    }
    // The CLI's operator (a `system` actor) is trusted with the store file itself.
    if (actor.role === 'system') return { allowed: true };
    if (!roles.includes(actor.role)) return { allowed: false, status: 403, roles };
    const scope = scopeOf(actor);
    const outOfScope = scope && action.do === 'write' ? scopeRefusal(scope, action, options.journeys) : null;
    return outOfScope === null ? { allowed: true } : { allowed: false, status: 403, roles, outOfScope };
  };
  return {
    publicRead: options.publicRead,
    authorise,
    may: (actor, action) => authorise(actor, action).allowed,
    recordsOn: (actor) => {
      const scope = actor && scopeOf(actor);
      if (!scope) return null;
      return (options.journeys?.all() ?? []).filter((j) => covers(scope, j));
    },
  };
}
