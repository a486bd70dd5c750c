import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/app/tokens.js';
import { prepare } from '../api/fixtures.js';
import { startHarness, SYSTEM, tokenFor, type Harness } from '../api/support.js';
import { client } from './harness.js';

/**
 * Scopes on the web forms (docs/decisions.md, "Scopes"): the forms ask the one access policy with the journey or
 * indicator they are about, so a form outside a contributor's scope is refused (403) on GET and on POST, and a
 * POST writes nothing; the pages tell a scoped contributor where it can record.
 */
let h: Harness;
const SCOPED = 'jl_web-token-scoped-to-journey-a-0001';

beforeAll(async () => {
  h = await startHarness();
  await prepare(h, 'wa');
  await prepare(h, 'wb');
  await h.ledger.handle(SYSTEM, {
    type: 'EnrollActor',
    actorId: 'web-scoped',
    name: 'Partner A',
    role: 'contributor',
    tokenHash: hashToken(SCOPED),
    scope: { journeys: ['wa-j'] },
  });
});
afterAll(async () => h.stop());

/** Every form on main that a contributor may use, about journey B or its indicator, with a valid body. */
const outOfScope: [string, Record<string, string>][] = [
  [
    '/journeys/wb-j/changes/new',
    {
      whatChanged: 'Waiting fell',
      forWhom: 'families',
      evidence: 'hub log',
      occurredAt: '2026-10-01',
      question: 'better-off',
      nudgeSeen: '1',
    },
  ],
  [
    '/journeys/wb-j/decisions/new',
    { summary: 'Open a hub', decidedBy: 'Cabinet', decidedAt: '2026-11-01T10:00', rationale: 'demand' },
  ],
  ['/indicators/wb-i/measurements/new', { period: '2024', value: '63' }],
  ['/journeys/wb-j/changes/c1/challenges/q1/answer', { answer: 'Audited', upheld: 'no' }],
];

describe('web forms and scopes', () => {
  it('refuses every form about a journey outside the scope, on GET and on POST, naming the journey; nothing is written', async () => {
    const c = client(h.url);
    await c.signIn(SCOPED);
    for (const [path, form] of outOfScope) {
      const page = await c.get(path);
      expect(page.res.status, path).toBe(403);
      expect(page.html).toContain('Not one of your journeys');
      const before = await h.count();
      const posted = await c.post(path, form, '/');
      expect(posted.res.status, `${path}: ${posted.html.slice(0, 200)}`).toBe(403);
      expect(posted.html).toMatch(/(journey wb-j|indicator wb-i) is|tracked by journey wb-j/);
      expect(await h.count(), path).toBe(before);
    }
  });

  it('saves the same forms inside the scope', async () => {
    const c = client(h.url);
    await c.signIn(SCOPED);
    for (const [path, form] of outOfScope) {
      const inside = path.replace('/wb-', '/wa-');
      const before = await h.count();
      const posted = await c.post(inside, form, '/');
      expect(posted.res.status, `${inside}: ${posted.html.slice(0, 300)}`).toBe(303);
      expect(await h.count(), inside).toBe(before + 1);
    }
  });

  it('shows the write links on the pages of its own journey and indicator, not on another’s', async () => {
    const c = client(h.url);
    await c.signIn(SCOPED);
    expect((await c.get('/journeys/wa-j')).html).toContain('href="/journeys/wa-j/changes/new"');
    const other = (await c.get('/journeys/wb-j')).html;
    expect(other).toContain('Good start'); // it reads every journey…
    expect(other).not.toContain('href="/journeys/wb-j/changes/new"'); // …and is offered no form on another’s
    expect(other).not.toContain('href="/journeys/wb-j/decisions/new"');
    expect((await c.get('/indicators/wa-i')).html).toContain('href="/indicators/wa-i/measurements/new"');
    expect((await c.get('/indicators/wb-i')).html).not.toContain('href="/indicators/wb-i/measurements/new"');
  });

  it('tells a scoped contributor where it can record, and says nothing to one that is not scoped', async () => {
    const scoped = client(h.url);
    await scoped.signIn(SCOPED);
    const { html } = await scoped.get('/');
    expect(html).toMatch(/You can record on:\s*<a href="\/journeys\/wa-j">Good start<\/a>\./);
    const everywhere = client(h.url);
    await everywhere.signIn(tokenFor('contributor'));
    expect((await everywhere.get('/')).html).not.toContain('You can record on');
  });
});
