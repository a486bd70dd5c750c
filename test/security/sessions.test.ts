import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../api/support.js';
import { hashToken } from '../../src/app/tokens.js';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../src/web/session.js';
import { Browser } from './browser.js';

/**
 * Issue 12, item 4: a web session is an opaque id in a signed, httpOnly, SameSite=Strict cookie; the session lives on
 * the server, expires there (idle and absolute), and ends at sign-out, so a copied cookie stops working. The cookie
 * never holds the token.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const signedIn = async (): Promise<Browser> => {
  const b = new Browser(h.url);
  expect((await b.signIn(h.tokens.admin)).status).toBe(303);
  return b;
};
const copyOf = (b: Browser): Browser => {
  const copy = new Browser(h.url);
  for (const [k, v] of b.jar) copy.jar.set(k, v);
  return copy;
};

describe('server-side sessions', () => {
  it('the cookie holds an opaque id, never the token nor its hash', async () => {
    const b = await signedIn();
    const cookie = decodeURIComponent(b.jar.get('jl_session') as string);
    expect(cookie).toMatch(/^s:s\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9+/]+$/);
    for (const secret of [h.tokens.admin, hashToken(h.tokens.admin), h.tokens.admin.slice(3)])
      expect(cookie).not.toContain(secret);
    const login = await new Browser(h.url).get('/login');
    expect(login.html).toContain('kept nowhere');
  });

  it('sign-out ends the session on the server: a cookie copied before sign-out signs nobody in after it', async () => {
    const b = await signedIn();
    const copied = copyOf(b);
    expect((await copied.get('/decisions')).status).toBe(200);
    const csrf = Browser.csrf((await b.get('/')).html);
    expect((await b.post('/logout', { _csrf: csrf })).status).toBe(303);
    expect((await b.get('/decisions')).status).toBe(401);
    expect((await copied.get('/decisions')).status).toBe(401);
  });

  it(`a session ends after ${SESSION_IDLE_MS / 60_000} idle minutes`, async () => {
    const b = await signedIn();
    h.clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await b.get('/decisions')).status).toBe(200);
    h.clock.advance(SESSION_IDLE_MS - 60_000);
    expect((await b.get('/decisions')).status).toBe(200);
    h.clock.advance(SESSION_IDLE_MS);
    expect((await b.get('/decisions')).status).toBe(401);
  });

  it(`a session ends ${SESSION_MAX_MS / 3_600_000} hours after sign-in, however busy`, async () => {
    const b = await signedIn();
    const copied = copyOf(b);
    const step = SESSION_IDLE_MS / 2;
    for (let t = step; t < SESSION_MAX_MS; t += step) {
      h.clock.advance(step);
      expect((await b.get('/decisions')).status, `after ${t / 60_000} minutes`).toBe(200);
    }
    h.clock.advance(step);
    expect((await b.get('/decisions')).status).toBe(401);
    expect((await copied.get('/decisions')).status).toBe(401);
  });
});
