import { descriptorOfCommand, type Actor, type CommandType, type Role } from '../events/index.js';

/**
 * The one access policy: who may do what, asked by every door (the API, the pages, the report files, the CLI).
 * A question names the action and what it is about; the answer is yes, or no with the roles that may (for the
 * door to explain). Writes take their roles from the event's descriptor (src/events/catalogue/); admin always may.
 * PUBLIC_READ opens journeys (their pages, progress, charts and indicators) and published reports to anonymous
 * visitors, nothing else.
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
  /** The raw ledger and its verification. */
  | 'ledger'
  /** Anything else a door answers (its own 404s included): any signed-in role. */
  | 'other';

/** What the question is about: a write to a journey is about that journey, a measurement about its indicator. */
export interface Subject {
  journeyId?: string;
  indicatorId?: string;
}

export type Action =
  | ({ do: 'read'; what: Readable } & Subject)
  | ({ do: 'write'; command: CommandType } & Subject)
  | { do: 'import-measurements' }
  | { do: 'publish-report' };

export type Verdict = { allowed: true } | { allowed: false; status: 401 | 403; roles: readonly Role[] };

const EVERY_ROLE: readonly Role[] = ['viewer', 'contributor', 'scrutineer', 'admin'];
const PUBLIC: ReadonlySet<Readable> = new Set(['journeys', 'indicators', 'reports']);

/** Whether PUBLIC_READ opens this to anonymous visitors. */
export const opensToPublic = (what: Readable): boolean => PUBLIC.has(what);

/** The roles that may take an action (admin among them). */
export function rolesFor(action: Action): readonly Role[] {
  switch (action.do) {
    case 'read':
      return action.what === 'ledger' ? ['scrutineer', 'admin'] : EVERY_ROLE;
    case 'write': {
      const roles = descriptorOfCommand(action.command).route?.roles ?? [];
      return roles.includes('admin') ? roles : [...roles, 'admin'];
    }
    case 'import-measurements':
      return ['contributor', 'admin'];
    case 'publish-report':
      return ['admin'];
  }
}

export interface AccessPolicy {
  readonly publicRead: boolean;
  authorise(actor: Actor | null | undefined, action: Action): Verdict;
  /** Shorthand: may this actor take this action? */
  may(actor: Actor | null | undefined, action: Action): boolean;
}

export function accessPolicy(options: { publicRead: boolean }): AccessPolicy {
  const authorise = (actor: Actor | null | undefined, action: Action): Verdict => {
    const roles = rolesFor(action);
    if (!actor) {
      const open = options.publicRead && action.do === 'read' && PUBLIC.has(action.what);
      return open ? { allowed: true } : { allowed: false, status: 401, roles };
    }
    // The CLI's operator (a `system` actor) is trusted with the store file itself.
    if (actor.role === 'system') return { allowed: true };
    return roles.includes(actor.role) ? { allowed: true } : { allowed: false, status: 403, roles };
  };
  return {
    publicRead: options.publicRead,
    authorise,
    may: (actor, action) => authorise(actor, action).allowed,
  };
}
