import { assertNever, conflict, invalid, invalidAll, notFound } from './errors.js';
import { streamIds, type JourneyScope, type ScopeChange } from '../events/index.js';
import type { AccessCommand } from './commands.js';
import { decided, type DecideContext, type Decided, type Decider } from './decider.js';

/** Who may sign in: enrolled actors, where they may record, and whether their access was revoked. Token hashes never leave the store. */
export interface EnrolledActor {
  name: string;
  role: string;
  tokenHash: string;
  revoked: boolean;
  /** Absent: every journey (docs/decisions.md, "Scopes"). */
  scope?: JourneyScope;
}
export interface AccessState {
  actors: ReadonlyMap<string, EnrolledActor>;
}

/**
 * An event as any door serves it: an enrolment without its token hash (the hash of a token is what a thief
 * would test guesses against offline; only the store and the access registry ever hold it). Its stored hash can
 * then not be recomputed from the served copy: `/api/ledger/verify` and `journey verify` check it where it is kept.
 */
export function servedEvent<E extends { type: string; data: unknown }>(event: E): E {
  if (event.type !== 'ActorEnrolled' || typeof event.data !== 'object' || event.data === null) return event;
  const { tokenHash: _withheld, ...data } = event.data as Record<string, unknown>;
  return { ...event, data };
}

export const initialAccessState = (): AccessState => ({ actors: new Map() });

const withActor = (state: AccessState, actorId: string, actor: EnrolledActor): AccessState => ({
  actors: new Map(state.actors).set(actorId, actor),
});

export function evolveAccess(state: AccessState, event: Decided): AccessState {
  switch (event.type) {
    case 'ActorEnrolled': {
      const { actorId, name, role, tokenHash, scope } = event.data;
      return withActor(state, actorId, { name, role, tokenHash, revoked: false, ...(scope ? { scope } : {}) });
    }
    case 'AccessRevoked': {
      const a = state.actors.get(event.data.actorId);
      return a ? withActor(state, event.data.actorId, { ...a, revoked: true }) : state;
    }
    case 'AccessScopeChanged': {
      const a = state.actors.get(event.data.actorId);
      if (!a) return state;
      const { scope: _old, ...rest } = a;
      const scope = event.data.scope;
      return withActor(state, event.data.actorId, 'all' in scope ? rest : { ...rest, scope });
    }
    default:
      return state;
  }
}

/**
 * A scope limits a contributor's writes, so only a contributor has one: admins are never scoped, scrutineers'
 * challenges and call-ins are city-wide, viewers write nothing. A listed journey must be in the ledger (a typo
 * would otherwise give access to nothing, silently); a partner need not match any journey yet.
 */
function checkScope(role: string, scope: ScopeChange, ctx: DecideContext): void {
  if ('all' in scope) return;
  if (role !== 'contributor')
    throw invalid('scope', `only a contributor's access has a scope: a ${role} is not limited to journeys`);
  if ('journeys' in scope) {
    const seen = new Set<string>();
    const problems = scope.journeys.flatMap((id, i) => {
      const p = `scope.journeys.${i}`;
      if (seen.has(id)) return [{ path: p, message: `journey ${id} is listed twice` }];
      seen.add(id);
      return ctx.known?.journeys?.has(id) ? [] : [{ path: p, message: `no journey ${id} in the ledger` }];
    });
    if (problems.length > 0) throw invalidAll(problems);
  }
}

const sameScope = (a: JourneyScope | undefined, b: ScopeChange): boolean =>
  JSON.stringify(a ?? { all: true }) === JSON.stringify(b);

export function decideAccess(command: AccessCommand, state: AccessState, ctx: DecideContext): Decided[] {
  switch (command.type) {
    case 'EnrollActor': {
      const { type: _t, ...data } = command;
      const actorId = data.actorId ?? ctx.newId();
      if (state.actors.has(actorId)) throw conflict(`actor ${actorId} is already enrolled`, 'actorId');
      for (const a of state.actors.values()) {
        if (a.tokenHash === data.tokenHash)
          throw conflict('that token is already in use: issue a new one', 'tokenHash');
      }
      if (data.scope) checkScope(data.role, data.scope, ctx);
      return [decided('ActorEnrolled', { ...data, actorId })];
    }
    case 'RevokeAccess': {
      const { type: _t, ...data } = command;
      const a = state.actors.get(data.actorId);
      if (!a) throw notFound(`actor ${data.actorId} is not enrolled`, 'actorId');
      if (a.revoked) throw conflict(`access of actor ${data.actorId} is already revoked`, 'actorId');
      return [decided('AccessRevoked', data)];
    }
    case 'ChangeAccessScope': {
      const { type: _t, ...data } = command;
      const a = state.actors.get(data.actorId);
      if (!a) throw notFound(`actor ${data.actorId} is not enrolled`, 'actorId');
      if (a.revoked) throw conflict(`access of actor ${data.actorId} is revoked: issue a new token instead`, 'actorId');
      checkScope(a.role, data.scope, ctx);
      if (sameScope(a.scope, data.scope)) throw conflict(`actor ${data.actorId} already has that scope`, 'scope');
      return [decided('AccessScopeChanged', data)];
    }
    default:
      return assertNever(command);
  }
}

export const accessDecider: Decider<AccessState, AccessCommand> = {
  kind: 'access',
  initialState: initialAccessState,
  decide: decideAccess,
  evolve: evolveAccess,
  streamOf: () => streamIds.access,
};
