import { assertNever, conflict, notFound } from './errors.js';
import { streamIds } from '../events/index.js';
import type { AccessCommand } from './commands.js';
import { decided, type DecideContext, type Decided, type Decider } from './decider.js';

/** Who may sign in: enrolled actors and whether their access was revoked. Token hashes never leave the store. */
export interface AccessState {
  actors: ReadonlyMap<string, { name: string; role: string; tokenHash: string; revoked: boolean }>;
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

export function evolveAccess(state: AccessState, event: Decided): AccessState {
  switch (event.type) {
    case 'ActorEnrolled': {
      const { actorId, name, role, tokenHash } = event.data;
      return { actors: new Map(state.actors).set(actorId, { name, role, tokenHash, revoked: false }) };
    }
    case 'AccessRevoked': {
      const a = state.actors.get(event.data.actorId);
      return a ? { actors: new Map(state.actors).set(event.data.actorId, { ...a, revoked: true }) } : state;
    }
    default:
      return state;
  }
}

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
      return [decided('ActorEnrolled', { ...data, actorId })];
    }
    case 'RevokeAccess': {
      const { type: _t, ...data } = command;
      const a = state.actors.get(data.actorId);
      if (!a) throw notFound(`actor ${data.actorId} is not enrolled`, 'actorId');
      if (a.revoked) throw conflict(`access of actor ${data.actorId} is already revoked`, 'actorId');
      return [decided('AccessRevoked', data)];
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
