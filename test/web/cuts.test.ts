import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startWeb, TOKENS, type Harness } from './harness.js';

/**
 * The pages read through the same contexts as the API: every page that shows state takes `?asOf=` (a date: the
 * end of that day; or an instant) or `?at=` (a ledger position). The harness enrols three actors (positions 1–3),
 * then charts the journey (4), defines its indicator (5) and goes on from there.
 */
let web: Harness;
beforeAll(async () => {
  web = await startWeb();
});
afterAll(async () => {
  await web.close();
});

describe('web: the ledger as it stood', () => {
  it('shows a journey at a position: absent before its charter, without what came later after it', async () => {
    const c = client(web.url);
    await c.signIn(TOKENS.viewer);
    expect((await c.get('/journeys/school-readiness?at=3')).res.status).toBe(404);
    const charted = await c.get('/journeys/school-readiness?at=4');
    expect(charted.res.status).toBe(200);
    expect(charted.html).toContain('Every child ready for school');
    expect(charted.html).not.toContain('Open family hubs in every ward');
    expect((await c.get('/journeys/school-readiness')).html).toContain('Open family hubs in every ward');
  });

  it('takes asOf on the overview, the indicator, the decisions and the register', async () => {
    const c = client(web.url);
    await c.signIn(TOKENS.viewer);
    expect((await c.get('/')).html).toContain('Every child ready for school');
    expect((await c.get('/?asOf=2000-01-01')).html).not.toContain('Every child ready for school');
    expect((await c.get('/?at=3')).html).not.toContain('Every child ready for school');
    expect((await c.get('/indicators/good-level-development?at=4')).res.status).toBe(404);
    expect((await c.get('/indicators/good-level-development?at=5')).res.status).toBe(200);
    expect((await c.get('/decisions?asOf=2000-01-01')).html).not.toContain('Open the hubs on Saturdays');
    expect((await c.get('/accountabilities?at=3&status=overdue')).html).not.toContain('Report hub reach by ward');
  });

  it('refuses a cut that is not one, or both at once, with a 400 page', async () => {
    const c = client(web.url);
    await c.signIn(TOKENS.viewer);
    for (const q of ['at=abc', 'at=007', 'asOf=yesterday', 'at=4&asOf=2026-01-01']) {
      const { res, html } = await c.get(`/journeys/school-readiness?${q}`);
      expect(res.status, q).toBe(400);
      expect(html).toContain('That is not a date or a ledger position');
    }
  });
});
