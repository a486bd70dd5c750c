import { describe, expect, it } from 'vitest';
import { accessPolicy, type Action } from '../../src/domain/policy.js';
import type { Actor, Role } from '../../src/events/index.js';

/** One access policy for every door: role × action, and what PUBLIC_READ opens. */
const as = (role: Role | 'system'): Actor => ({ id: `${role}-1`, name: role, role });
const ROLES: Role[] = ['viewer', 'contributor', 'scrutineer', 'admin'];
const closed = accessPolicy({ publicRead: false });
const open = accessPolicy({ publicRead: true });
const who = (action: Action) => ROLES.filter((r) => closed.may(as(r), action));

describe('the access policy', () => {
  it('takes a write’s roles from its event’s descriptor; admin always may', () => {
    expect(who({ do: 'write', command: 'ReportChange', journeyId: 'j1' })).toEqual(['contributor', 'admin']);
    expect(who({ do: 'write', command: 'ChallengeChange', journeyId: 'j1' })).toEqual(['scrutineer', 'admin']);
    expect(who({ do: 'write', command: 'VoicePerspective', journeyId: 'j1' })).toEqual([
      'contributor',
      'scrutineer',
      'admin',
    ]);
    expect(who({ do: 'write', command: 'RecordMeasurement', indicatorId: 'i1' })).toEqual(['contributor', 'admin']);
    expect(who({ do: 'write', command: 'EnrollActor' })).toEqual(['admin']);
    expect(who({ do: 'import-measurements' })).toEqual(['contributor', 'admin']);
    expect(who({ do: 'publish-report' })).toEqual(['admin']);
  });

  it('lets every role read, scrutineers and admins the raw ledger', () => {
    for (const what of ['journeys', 'indicators', 'reports', 'decisions', 'accountabilities'] as const)
      expect(who({ do: 'read', what }), what).toEqual(ROLES);
    expect(who({ do: 'read', what: 'ledger' })).toEqual(['scrutineer', 'admin']);
  });

  it('answers 401 to anonymous visitors and 403 with the roles that may to a signed-in one', () => {
    expect(closed.authorise(null, { do: 'read', what: 'journeys' })).toMatchObject({ allowed: false, status: 401 });
    expect(closed.authorise(as('viewer'), { do: 'write', command: 'TakeDecision' })).toEqual({
      allowed: false,
      status: 403,
      roles: ['contributor', 'admin'],
    });
  });

  it('with PUBLIC_READ opens journeys, indicators and reports to anonymous visitors, nothing else', () => {
    const anonymous = (action: Action) => open.may(undefined, action);
    expect(anonymous({ do: 'read', what: 'journeys', journeyId: 'j1' })).toBe(true);
    expect(anonymous({ do: 'read', what: 'indicators', indicatorId: 'i1' })).toBe(true);
    expect(anonymous({ do: 'read', what: 'reports' })).toBe(true);
    for (const what of ['decisions', 'accountabilities', 'ledger', 'other'] as const)
      expect(anonymous({ do: 'read', what }), what).toBe(false);
    expect(anonymous({ do: 'write', command: 'ReportChange', journeyId: 'j1' })).toBe(false);
  });

  it('trusts the operator at the machine (the CLI’s system actor), who holds the store file anyway', () => {
    expect(closed.may(as('system'), { do: 'write', command: 'EnrollActor' })).toBe(true);
  });
});
