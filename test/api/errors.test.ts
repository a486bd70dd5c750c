import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare, routeCases, type RouteCase } from './fixtures.js';
import { isProblem, startHarness, type Harness, type Reply } from './support.js';

/** For every write route: a bad body, a bad id, a conflict and a duplicate — the right problem, and nothing written. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, 'e');
});
afterAll(async () => h.stop());

const role = (c: RouteCase) => c.roles[0] ?? 'admin';
const post = (c: RouteCase, over: { path?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  c.csv
    ? h.call('POST', over.path ?? c.path, {
        role: role(c),
        raw: (over.body ?? c.body) as string,
        contentType: 'text/csv',
        ...(over.headers ? { headers: over.headers } : {}),
      })
    : h.call('POST', over.path ?? c.path, {
        role: role(c),
        body: over.body ?? c.body,
        ...(over.headers ? { headers: over.headers } : {}),
      });

/** Run a request and prove the ledger did not move. */
async function refused(request: () => Promise<Reply>, status: number): Promise<Reply> {
  const before = await h.count();
  const r = await request();
  expect(
    isProblem(r, status),
    `expected ${status} problem+json, got ${r.status} ${r.type} ${JSON.stringify(r.body)}`,
  ).toBe(true);
  expect(await h.count(), 'nothing may be written on an error').toBe(before);
  return r;
}
const paths = (r: Reply) => ((r.body as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

/** A malformed id in the route's path (or, for creating routes, in the body). */
function withBadId(c: RouteCase): { path: string; body: unknown; field: string } {
  if (c.path === '/api/journeys')
    return { path: c.path, body: { ...(c.body as object), journeyId: 'Not A Slug!' }, field: 'journeyId' };
  if (c.path === '/api/indicators')
    return { path: c.path, body: { ...(c.body as object), indicatorId: '-bad' }, field: 'indicatorId' };
  if (c.csv) return { path: c.path, body: 'indicator,period,value\nBAD ID,2024,1\n', field: 'line 2' };
  const segments = c.path.split('/');
  const ids = new Set([
    'e-j',
    'e-jc',
    'e-i',
    'plan1',
    'plan2',
    'd1',
    'd-call',
    'd-called',
    'c1',
    'q1',
    'a1',
    'm1',
    'gap1',
  ]);
  const last = Math.max(...segments.map((s, i) => (ids.has(s) ? i : -1)));
  segments[last] = 'NOT_AN_ID';
  return { path: segments.join('/'), body: c.body, field: 'params.' };
}
/** An id that is well formed but names nothing. */
function withUnknownId(c: RouteCase): string | null {
  if (c.path === '/api/journeys' || c.path === '/api/indicators' || c.csv) return null;
  return c.path.replace(/\/(e-j|e-jc|e-i)(?=\/|$)/, '/nowhere-to-be-found');
}

describe('every write route refuses, and writes nothing', () => {
  for (const c of routeCases('e')) {
    describe(c.name, () => {
      it('a bad body: 400 listing every failing field', async () => {
        if (c.csv) {
          const r = await refused(() => post(c, { body: 'indicator,period,value\ne-i,2024,abc\ne-i,nope,1\n' }), 400);
          expect(paths(r)).toEqual(['line 2', 'line 3']);
          return;
        }
        const r = await refused(() => post(c, { body: { unexpected: true, alsoUnexpected: 1 } }), 400);
        expect(paths(r)).toEqual(expect.arrayContaining(['unexpected', 'alsoUnexpected']));
        expect(paths(r).length).toBeGreaterThan(2); // the missing required fields are listed too
      });

      it('a bad id: 400 when malformed, 404 when it names nothing', async () => {
        const bad = withBadId(c);
        const r = await refused(() => post(c, { path: bad.path, body: bad.body }), 400);
        expect(paths(r).some((p) => p.startsWith(bad.field))).toBe(true);
        const unknown = withUnknownId(c);
        if (unknown) await refused(() => post(c, { path: unknown }), 404);
      });

      it('a stale If-Match: 409', async () => {
        const r = await refused(() => post(c, { headers: { 'if-match': '"999"' } }), c.csv ? 400 : 409);
        if (!c.csv) expect(paths(r)).toContain('If-Match');
        await refused(() => post(c, { headers: { 'if-match': 'yesterday' } }), 400);
      });

      it(`a duplicate: the same request again answers ${c.again}`, async () => {
        const first = await post(c);
        expect(first.status, JSON.stringify(first.body)).toBe(201);
        if (c.again === 201) {
          expect((await post(c)).status).toBe(201); // allowed twice: a second revision/reframing is a new fact
          return;
        }
        await refused(() => post(c), c.again);
      });
    });
  }
});

describe('bodies the API does not take', () => {
  const change = '/api/journeys/e-j/changes';
  it('415 for a body that is not JSON', async () => {
    await refused(
      () =>
        h.call('POST', change, {
          role: 'contributor',
          raw: 'whatChanged=x',
          contentType: 'application/x-www-form-urlencoded',
        }),
      415,
    );
    await refused(() => h.call('POST', '/api/measurements/import', { role: 'contributor', body: { rows: [] } }), 415);
  });
  it('400 for malformed JSON', async () => {
    await refused(() => h.call('POST', change, { role: 'contributor', raw: '{"whatChanged": ' }), 400);
  });
  it('413 for a body over 1 MB', async () => {
    const big = { whatChanged: 'x'.repeat(1_100_000), forWhom: 'f', evidence: ['e'], occurredAt: '2026-01-01' };
    await refused(() => h.call('POST', change, { role: 'contributor', body: big }), 413);
  });
  it('404 problem for an unknown /api route', async () => {
    await refused(() => h.call('POST', '/api/journeys/e-j/unknown-thing', { role: 'admin', body: {} }), 404);
  });
  it('a created id given twice in one journey is a 409 naming the field', async () => {
    const r = await refused(
      () =>
        h.call('POST', '/api/journeys/e-j/plans', {
          role: 'contributor',
          body: { planId: 'plan1', intent: 'i', owner: 'o', accountableTo: 'a' },
        }),
      409,
    );
    expect(paths(r)).toEqual(['planId']);
  });
});
