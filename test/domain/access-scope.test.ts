import { describe, it } from 'vitest';
import { actorEnrolled, ev, given } from './given.js';

/** Scopes on access (docs/decisions.md, "Scopes"): the access decider's rules, given / when / then. */
const hash = 'c'.repeat(64);
/** Pat's enrolment as a contributor (or another role), with a scope. */
const enrol = (scope: object, extra: object = {}) =>
  ({ type: 'EnrollActor', name: 'Pat', role: 'contributor', tokenHash: hash, scope, ...extra }) as never;
const enrolled = (actorId: string, role: 'viewer' | 'contributor' | 'scrutineer' | 'admin', scope?: object) =>
  ev('ActorEnrolled', { actorId, name: 'Pat', role, tokenHash: hash, ...(scope ? { scope } : {}) } as never);

describe('access scopes', () => {
  it('enrols a contributor for listed journeys that are in the ledger', () =>
    given([], { journeys: ['a', 'b'] })
      .when(enrol({ journeys: ['a', 'b'] }, { actorId: 'p1' }))
      .thenEmits(enrolled('p1', 'contributor', { journeys: ['a', 'b'] })));

  it('refuses a listed journey that is not in the ledger, naming it at its place in the list', () =>
    given([], { journeys: ['a'] })
      .when(enrol({ journeys: ['a', 'nope'] }))
      .thenThrows('invalid', /no journey nope in the ledger/, 'scope.journeys.1'));

  it('refuses a journey listed twice', () =>
    given([], { journeys: ['a'] })
      .when(enrol({ journeys: ['a', 'a'] }))
      .thenThrows('invalid', /listed twice/, 'scope.journeys.1'));

  it('enrols a partner’s contributor whether or not a journey names the partner yet', () =>
    given([])
      .when(enrol({ partner: 'Police' }, { actorId: 'p1' }))
      .thenEmits(enrolled('p1', 'contributor', { partner: 'Police' })));

  it('refuses a scope for any role but contributor: admins are never scoped, scrutineers and viewers are city-wide', () => {
    for (const role of ['viewer', 'scrutineer', 'admin'] as const)
      given([])
        .when({ type: 'EnrollActor', name: 'Pat', role, tokenHash: hash, scope: { partner: 'Police' } })
        .thenThrows('invalid', new RegExp(`a ${role} is not limited to journeys`), 'scope');
  });

  it('changes a scope, and back to every journey', () => {
    given([enrolled('p1', 'contributor', { journeys: ['a'] })], { journeys: ['a', 'b'] })
      .when({ type: 'ChangeAccessScope', actorId: 'p1', scope: { journeys: ['a', 'b'] }, reason: 'joined b' })
      .thenEmits(ev('AccessScopeChanged', { actorId: 'p1', scope: { journeys: ['a', 'b'] }, reason: 'joined b' }));
    given([enrolled('p1', 'contributor', { journeys: ['a'] })])
      .when({ type: 'ChangeAccessScope', actorId: 'p1', scope: { all: true }, reason: 'city-wide role' })
      .thenEmits(ev('AccessScopeChanged', { actorId: 'p1', scope: { all: true }, reason: 'city-wide role' }));
  });

  it('folds scope changes in order: the latest scope is the one a change must differ from', () => {
    const history = [
      enrolled('p1', 'contributor', { journeys: ['a'] }),
      ev('AccessScopeChanged', { actorId: 'p1', scope: { partner: 'Police' }, reason: 'r' }),
      ev('AccessScopeChanged', { actorId: 'p1', scope: { all: true }, reason: 'r' }),
    ];
    given(history)
      .when({ type: 'ChangeAccessScope', actorId: 'p1', scope: { all: true }, reason: 'again' })
      .thenThrows('conflict', /already has that scope/, 'scope');
    given(history)
      .when({ type: 'ChangeAccessScope', actorId: 'p1', scope: { partner: 'Police' }, reason: 'back' })
      .thenEmits(ev('AccessScopeChanged', { actorId: 'p1', scope: { partner: 'Police' }, reason: 'back' }));
  });

  it('refuses to change the scope of an unknown actor (404), a revoked one (409), or a non-contributor (400)', () => {
    given([])
      .when({ type: 'ChangeAccessScope', actorId: 'p1', scope: { all: true }, reason: 'r' })
      .thenThrows('not-found', /not enrolled/);
    given([actorEnrolled('p1'), ev('AccessRevoked', { actorId: 'p1', reason: 'left' })])
      .when({ type: 'ChangeAccessScope', actorId: 'p1', scope: { partner: 'Police' }, reason: 'r' })
      .thenThrows('conflict', /revoked/);
    given([enrolled('s1', 'scrutineer')])
      .when({ type: 'ChangeAccessScope', actorId: 's1', scope: { partner: 'Police' }, reason: 'r' })
      .thenThrows('invalid', /a scrutineer is not limited to journeys/);
  });

  it('refuses a new scope listing a journey not in the ledger', () =>
    given([enrolled('p1', 'contributor')], { journeys: ['a'] })
      .when({ type: 'ChangeAccessScope', actorId: 'p1', scope: { journeys: ['zz'] }, reason: 'r' })
      .thenThrows('invalid', /no journey zz/, 'scope.journeys.0'));
});
