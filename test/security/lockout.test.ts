import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../api/support.js';
import { Browser } from './browser.js';

/**
 * Issue 12, item 1: a stranger cannot lock anyone out. Rate limits slow guessing only: the token is resolved first,
 * a valid one is always served whatever failures came from its address, and only failures are counted; the sign-in
 * form the same. Behind a proxy, TRUST_PROXY says whose address a failure is counted against.
 */
const FAILURES = 1000;
const guess = (i: number) => `jl_guess-${i}-0123456789abcdef`;

describe('a valid token is served whatever failures came from its address', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it(`API: after ${FAILURES} unknown tokens from one address, the admin and viewer tokens from it are served`, async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < FAILURES; i++) {
      const s = (await h.call('GET', '/api/journeys', { token: guess(i) })).status;
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    // Guessing is still slowed: 30 tries, then 429.
    expect(Object.fromEntries(statuses)).toEqual({ 401: 30, 429: FAILURES - 30 });
    expect((await h.call('GET', '/api/journeys', { role: 'admin' })).status).toBe(200);
    expect((await h.call('GET', '/api/journeys', { role: 'viewer' })).status).toBe(200);
    expect((await h.call('POST', '/api/journeys/nope/lessons', { role: 'viewer', body: {} })).status).toBe(403);
    expect((await h.call('GET', '/api/journeys', { token: guess(-1) })).status).toBe(429);
    const malformed = await h.call('GET', '/api/journeys', { role: 'none', headers: { authorization: 'Basic x' } });
    expect(malformed.status).toBe(429);
  });

  it(`sign-in: after ${FAILURES} wrong tokens from one address, the correct sign-in from it goes through`, async () => {
    const b = new Browser(h.url);
    const csrf = Browser.csrf((await b.get('/login')).html);
    const statuses = new Map<number, number>();
    for (let i = 0; i < FAILURES; i++) {
      const s = (await b.post('/login', { token: guess(i), _csrf: csrf, next: '/' })).status;
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 10, 429: FAILURES - 10 });
    const ok = await b.post('/login', { token: h.tokens.admin, _csrf: csrf, next: '/decisions' });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/decisions');
    expect((await b.get('/decisions')).status).toBe(200);
    // Another visitor from the same address signs in too; a wrong token is still slowed.
    expect((await new Browser(h.url).signIn(h.tokens.viewer)).status).toBe(303);
    expect((await new Browser(h.url).signIn(guess(-1))).status).toBe(429);
  });
});

describe('TRUST_PROXY: failures are counted against the client the trusted proxy names', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('with one trusted proxy, one client guessing does not slow another behind the same proxy', async () => {
    const h = await startHarness({ trustProxy: 1 });
    try {
      for (let i = 0; i < 30; i++)
        expect((await h.call('GET', '/api/journeys', { token: guess(i), headers: from('203.0.113.1') })).status).toBe(
          401,
        );
      expect((await h.call('GET', '/api/journeys', { token: guess(30), headers: from('203.0.113.1') })).status).toBe(
        429,
      );
      expect((await h.call('GET', '/api/journeys', { token: guess(31), headers: from('203.0.113.2') })).status).toBe(
        401,
      );
    } finally {
      await h.stop();
    }
  });

  it('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot escape the limit by naming another address', async () => {
    const h = await startHarness();
    try {
      for (let i = 0; i < 30; i++)
        await h.call('GET', '/api/journeys', { token: guess(i), headers: from(`203.0.113.${i + 1}`) });
      expect((await h.call('GET', '/api/journeys', { token: guess(30), headers: from('198.51.100.9') })).status).toBe(
        429,
      );
    } finally {
      await h.stop();
    }
  });
});
