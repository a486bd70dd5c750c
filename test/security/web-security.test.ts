import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../api/fixtures.js';
import { ROLES, startHarness, SYSTEM, type Harness } from '../api/support.js';
import type { Role } from '../../src/events/index.js';
import { hashToken } from '../../src/app/tokens.js';
import { Browser } from './browser.js';

/**
 * Issue 9 §4 for the web pages and the token: the authorization matrix page by page, sign-in rate limit, revoked
 * tokens refused at once (API and session), sessions that cannot be forged or fixed, CSRF, security headers.
 */
const P = 'ws';
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, P);
});
afterAll(async () => {
  await h?.stop();
});

const signedIn = async (role: Role | 'none'): Promise<Browser> => {
  const b = new Browser(h.url);
  if (role !== 'none') expect((await b.signIn(h.tokens[role])).status).toBe(303);
  return b;
};

const READ_PAGES = [
  '/',
  `/journeys/${P}-j`,
  `/journeys/${P}-j/replay`,
  `/indicators/${P}-i`,
  '/decisions',
  '/accountabilities',
  '/reports',
];
const CONTRIBUTE_FORMS = [
  `/journeys/${P}-j/changes/new`,
  `/journeys/${P}-j/decisions/new`,
  `/indicators/${P}-i/measurements/new`,
  `/journeys/${P}-j/changes/c1/challenges/q1/answer`,
];
const SCRUTINISE_FORMS = [`/journeys/${P}-j/changes/c1/challenges/new`, `/journeys/${P}-j/decisions/d-call/call-in`];

describe('authorization matrix of the web pages', () => {
  const expected = (page: string, role: Role | 'none'): number => {
    if (role === 'none') return 401;
    if (CONTRIBUTE_FORMS.includes(page)) return role === 'contributor' || role === 'admin' ? 200 : 403;
    if (SCRUTINISE_FORMS.includes(page)) return role === 'scrutineer' || role === 'admin' ? 200 : 403;
    return 200;
  };
  for (const role of ['none', ...ROLES] as const) {
    it(`${role}: every page answers as the access policy says`, async () => {
      const b = await signedIn(role);
      const got: string[] = [];
      const want: string[] = [];
      for (const page of [...READ_PAGES, ...CONTRIBUTE_FORMS, ...SCRUTINISE_FORMS]) {
        got.push(`${page} ${(await b.get(page)).status}`);
        want.push(`${page} ${expected(page, role)}`);
      }
      expect(got).toEqual(want);
    });
  }

  it('a form sent by a role that may not use it is refused with 403 and writes nothing', async () => {
    for (const [role, form, fields] of [
      [
        'viewer',
        `/journeys/${P}-j/changes/new`,
        { whatChanged: 'x', forWhom: 'y', evidence: 'z', occurredAt: '2026-10-01' },
      ],
      ['scrutineer', `/indicators/${P}-i/measurements/new`, { period: '2024', value: '1' }],
      ['contributor', `/journeys/${P}-j/changes/c1/challenges/new`, { text: 'why?', challenge: 'why?' }],
    ] as const) {
      const b = await signedIn(role);
      const csrf = Browser.csrf((await b.get('/')).html);
      const before = await h.count();
      const r = await b.post(form, { ...fields, _csrf: csrf });
      expect(r.status, `${role} POST ${form}`).toBe(403);
      expect(await h.count()).toBe(before);
    }
  });
});

describe('sessions, CSRF and tokens', () => {
  // Its own server, so the sign-in limiter (10 per address) is not used up by the matrix above.
  beforeAll(async () => {
    await h.stop();
    h = await startHarness();
    await prepare(h, P);
  });
  it("CSRF: a signed-in form post without the token, or with another session's, is refused and writes nothing", async () => {
    const victim = await signedIn('contributor');
    const attacker = await signedIn('contributor');
    const foreign = Browser.csrf((await attacker.get('/')).html);
    const form = { whatChanged: 'Forged change', forWhom: 'nobody', evidence: 'none', occurredAt: '2026-10-01' };
    const before = await h.count();
    for (const extra of [{}, { _csrf: foreign }, { _csrf: 'x'.repeat(64) }] as Record<string, string>[]) {
      const r = await victim.post(`/journeys/${P}-j/changes/new`, { ...form, ...extra });
      expect(r.status, JSON.stringify(extra)).toBe(403);
    }
    expect(await h.count()).toBe(before);
  });

  it('a session cookie with a tampered signature, or unsigned, signs nobody in', async () => {
    const b = await signedIn('admin');
    const cookie = b.jar.get('jl_session') as string;
    const tampered = new Browser(h.url);
    tampered.jar.set(
      'jl_session',
      cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    );
    expect((await tampered.get('/decisions')).status).toBe(401);
    const unsigned = new Browser(h.url);
    unsigned.jar.set('jl_session', encodeURIComponent(JSON.stringify({ v: 'attacker', t: h.tokens.admin })));
    expect((await unsigned.get('/decisions')).status).toBe(401);
    const otherPayload = new Browser(h.url);
    // Another session id under the first one's signature.
    otherPayload.jar.set('jl_session', cookie.replace(/^(s%3As\.)[A-Za-z0-9_-]{8}/, '$1attacker'));
    expect(otherPayload.jar.get('jl_session')).not.toBe(cookie);
    expect((await otherPayload.get('/decisions')).status).toBe(401);
  });

  it('session fixation: the session id planted before sign-in is replaced at sign-in and grants nothing', async () => {
    const b = new Browser(h.url);
    await b.get('/login');
    const planted = b.jar.get('jl_session') as string;
    expect(planted).toBeTruthy();
    expect((await b.signIn(h.tokens.admin)).status).toBe(303);
    expect(b.jar.get('jl_session')).not.toBe(planted);
    const attacker = new Browser(h.url);
    attacker.jar.set('jl_session', planted);
    expect((await attacker.get('/decisions')).status).toBe(401);
  });

  it('cookies are httpOnly and SameSite=Strict', async () => {
    const res = await fetch(`${h.url}/login`);
    const cookies = res.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const c of cookies) {
      expect(c).toMatch(/HttpOnly/i);
      expect(c).toMatch(/SameSite=Strict/i);
    }
  });

  it('a revoked token is refused at once: by the API and in a signed-in session', async () => {
    const token = 'jl_revoke-me-0123456789abcdef';
    await h.ledger.handle(SYSTEM, {
      type: 'EnrollActor',
      actorId: 'to-revoke',
      name: 'Soon gone',
      role: 'contributor',
      tokenHash: hashToken(token),
    });
    expect((await h.call('GET', '/api/journeys', { token })).status).toBe(200);
    const b = new Browser(h.url);
    expect((await b.signIn(token)).status).toBe(303);
    expect((await b.get('/decisions')).status).toBe(200);
    await h.ledger.handle(SYSTEM, { type: 'RevokeAccess', actorId: 'to-revoke', reason: 'left the partnership' });
    expect((await h.call('GET', '/api/journeys', { token })).status).toBe(401);
    expect(
      (await h.call('POST', `/api/journeys/${P}-j/lessons`, { token, body: { learned: 'after revocation' } })).status,
    ).toBe(401);
    expect((await b.get('/decisions')).status).toBe(401);
  });

  it('sign-in brute force: after 10 wrong tokens from one address the form answers 429', async () => {
    // A fresh server: the limiter counts per process, and the tests above signed in from this address already.
    const fresh = await startHarness();
    const b = new Browser(fresh.url);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const csrf = Browser.csrf((await b.get('/login')).html);
      statuses.push(
        (await b.post('/login', { token: `jl_guess-${i}-0123456789abcdef`, _csrf: csrf, next: '/' })).status,
      );
    }
    expect(
      statuses.slice(0, 10).every((s) => s === 401),
      statuses.join(),
    ).toBe(true);
    expect(
      statuses.slice(10).every((s) => s === 429),
      statuses.join(),
    ).toBe(true);
    await fresh.stop();
  });

  it('successful sign-ins do not count toward the limit (a whole office behind one address can sign in)', async () => {
    const fresh = await startHarness();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await new Browser(fresh.url).signIn(fresh.tokens.viewer)).status);
    await fresh.stop();
    expect(
      statuses.join(),
      'the sign-in limiter counts successful sign-ins (src/web/router.ts: skipSuccessfulRequests)',
    ).toBe(Array(12).fill(303).join());
  });

  it('API bearer-token brute force is slowed by a rate limit too (429 after repeated bad tokens)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++)
      statuses.push((await h.call('GET', '/api/journeys', { token: `jl_guess-${i}-0123456789abcdef` })).status);
    expect(
      statuses,
      `statuses: ${[...new Set(statuses)].join(', ')} — no rate limit on failed bearer tokens`,
    ).toContain(429);
  });
});

describe('security headers', () => {
  it("pages carry a CSP without inline script, and helmet's other headers; the API too", async () => {
    for (const path of ['/', '/login', `/journeys/${P}-j`, '/api/journeys', '/api/openapi.json', '/healthz']) {
      const res = await fetch(`${h.url}${path}`);
      const hdr = (n: string) => res.headers.get(n) ?? '';
      expect(hdr('x-content-type-options'), path).toBe('nosniff');
      expect(hdr('content-security-policy'), path).toMatch(/default-src 'self'|default-src 'none'/);
      const csp = new Map(
        hdr('content-security-policy')
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([k, ...v]) => [k, v.join(' ')]),
      );
      const scripts = csp.get('script-src') ?? csp.get('default-src') ?? '';
      expect(scripts, `${path}: script-src`).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(hdr('x-frame-options') || hdr('content-security-policy'), path).toMatch(
        /DENY|SAMEORIGIN|frame-ancestors/i,
      );
      expect(hdr('referrer-policy'), path).not.toBe('');
      expect(hdr('x-powered-by'), path).toBe('');
      if (!path.startsWith('/api') && path !== '/healthz')
        expect(hdr('content-security-policy'), path).toMatch(/script-src 'none'|script-src 'self'/);
    }
  });
});
