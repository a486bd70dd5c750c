import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/events/index.js';
import { prepare, routeCases, type RouteCase } from './fixtures.js';
import { isProblem, ROLES, startHarness, type Harness } from './support.js';

/**
 * Every route × every role and no token. An allowed role gets 2xx (each role on its own fresh items, so every
 * call is a real success); a role that may not gets 403, no token 401 — and neither writes anything.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  for (const role of ROLES) await prepare(h, role);
});
afterAll(async () => h.stop());

const send = (c: RouteCase, role: Role | 'none') =>
  c.csv
    ? h.call('POST', c.path, { role, raw: c.body as string, contentType: 'text/csv' })
    : h.call('POST', c.path, { role, body: c.body });

describe('write routes', () => {
  for (const name of routeCases('x').map((c) => c.name)) {
    it(`${name}: allowed roles 2xx, others 403, no token 401`, async () => {
      const outcome: Record<string, number> = {};
      for (const role of ['none', ...ROLES] as const) {
        const c = routeCases(role === 'none' ? 'admin' : role).find((x) => x.name === name) as RouteCase;
        const before = await h.count();
        const r = await send(c, role);
        outcome[role] = r.status;
        const allowed = role !== 'none' && c.roles.includes(role);
        if (!allowed) {
          expect(isProblem(r, role === 'none' ? 401 : 403), `${role}: ${r.status} ${JSON.stringify(r.body)}`).toBe(
            true,
          );
          expect(await h.count()).toBe(before);
        }
      }
      const c = routeCases('x').find((x) => x.name === name) as RouteCase;
      const expected = Object.fromEntries(
        ['none', ...ROLES].map((role) => [role, role === 'none' ? 401 : c.roles.includes(role as Role) ? 201 : 403]),
      );
      expect(outcome).toEqual(expected);
    });
  }
});

describe('read routes of the ledger', () => {
  for (const path of ['/api/events', '/api/ledger/verify']) {
    it(`${path}: scrutineer and admin 200, viewer and contributor 403, no token 401`, async () => {
      const outcome = Object.fromEntries(
        await Promise.all(
          (['none', ...ROLES] as const).map(async (role) => [role, (await h.call('GET', path, { role })).status]),
        ),
      );
      expect(outcome).toEqual({ none: 401, viewer: 403, contributor: 403, scrutineer: 200, admin: 200 });
    });
  }
  const reads = [
    '/api/journeys',
    '/api/journeys/viewer-j',
    '/api/journeys/viewer-j/timeline',
    '/api/journeys/viewer-j/progress',
    '/api/journeys/viewer-j/audit',
    '/api/decisions',
    '/api/accountabilities',
    '/api/indicators/viewer-i',
  ];
  for (const path of reads) {
    it(`${path}: every role 200, no token 401`, async () => {
      const outcome = Object.fromEntries(
        await Promise.all(
          (['none', ...ROLES] as const).map(async (role) => [role, (await h.call('GET', path, { role })).status]),
        ),
      );
      expect(outcome).toEqual({ none: 401, viewer: 200, contributor: 200, scrutineer: 200, admin: 200 });
    });
  }
  it('a bad or unknown token is a 401 even on an open route', async () => {
    expect(isProblem(await h.call('GET', '/api/events', { token: 'jl_not-a-real-token-at-all' }), 401)).toBe(true);
    const malformed = await fetch(`${h.url}/api/events`, { headers: { authorization: 'Basic abc' } });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get('www-authenticate')).toContain('Bearer');
  });
});
