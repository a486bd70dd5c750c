import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../api/fixtures.js';
import { ROLES, startHarness, type Harness } from '../api/support.js';
import { hashToken } from '../../src/app/tokens.js';
import { Browser } from './browser.js';

/**
 * Issue 12, item 9: token hashes are never served to anyone, on any read path; PUBLIC_READ opens journeys (pages,
 * progress, charts), indicators and published reports, and never raw events, audit trails with actor details, token
 * hashes or the access roster (one policy: src/domain/policy.ts).
 */
const P = 'sec';
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ publicRead: true });
  await prepare(h, P);
  expect((await h.call('POST', '/api/reports', { body: { period: '2025-Q4' } })).status).toBe(201);
});
afterAll(async () => {
  await h?.stop();
});

const API_READS = [
  '/api/journeys',
  `/api/journeys/${P}-j`,
  `/api/journeys/${P}-j/timeline`,
  `/api/journeys/${P}-j/progress`,
  `/api/journeys/${P}-j/audit`,
  `/api/journeys/${P}-j?at=1`,
  '/api/decisions',
  '/api/accountabilities',
  `/api/indicators/${P}-i`,
  '/api/reports',
  '/api/reports/2025-Q4',
  '/api/ledger/verify',
  '/api/openapi.json',
  '/api/events?stream=access',
  '/api/events?limit=1000',
  '/api/access',
];
const PAGES = [
  '/',
  `/journeys/${P}-j`,
  `/journeys/${P}-j/replay`,
  `/indicators/${P}-i`,
  '/decisions',
  '/accountabilities',
  '/reports',
  '/reports/2025-Q4',
];

describe('token hashes are never served', () => {
  it('no API answer nor page, to any role, holds a token hash (the raw access stream included)', async () => {
    const hashes = ROLES.map((r) => hashToken(h.tokens[r]));
    const access = await h.call('GET', '/api/events?stream=access', { role: 'admin' });
    expect(access.status).toBe(200);
    const enrolments = (access.body as { events: { type: string; data: Record<string, unknown> }[] }).events;
    expect(enrolments.filter((e) => e.type === 'ActorEnrolled')).toHaveLength(4);
    for (const e of enrolments) expect(Object.keys(e.data)).not.toContain('tokenHash');
    for (const role of ['admin', 'scrutineer', 'viewer', 'none'] as const) {
      for (const path of API_READS) {
        const r = await h.call('GET', path, { role });
        const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
        for (const hash of hashes) expect(text, `${role} ${path}`).not.toContain(hash);
      }
      const b = new Browser(h.url);
      if (role !== 'none') await b.signIn(h.tokens[role]);
      for (const path of PAGES) {
        const page = await b.get(path);
        for (const hash of hashes) expect(page.html, `${role} ${path}`).not.toContain(hash);
      }
    }
  });
});

describe('PUBLIC_READ through the one policy', () => {
  it('opens journeys, their progress, indicators and published reports to anonymous visitors', async () => {
    for (const path of [
      '/api/journeys',
      `/api/journeys/${P}-j`,
      `/api/journeys/${P}-j/progress`,
      `/api/indicators/${P}-i`,
      '/api/reports',
      '/api/reports/2025-Q4',
    ])
      expect((await h.call('GET', path, { role: 'none' })).status, path).toBe(200);
    const anonymous = new Browser(h.url);
    for (const path of ['/', `/journeys/${P}-j`, `/indicators/${P}-i`, '/reports', '/reports/2025-Q4'])
      expect((await anonymous.get(path)).status, path).toBe(200);
  });

  it('never the raw timeline, audit trails with actor details, raw events, verification or the roster', async () => {
    for (const path of [
      `/api/journeys/${P}-j/timeline`,
      `/api/journeys/${P}-j/audit`,
      `/api/journeys/${P}-j/audit?asOf=2026-11-25T00:00:00Z`,
      '/api/decisions',
      '/api/accountabilities',
      '/api/events',
      '/api/events?stream=access',
      '/api/ledger/verify',
      '/api/access',
    ])
      expect((await h.call('GET', path, { role: 'none' })).status, path).toBe(401);
    for (const path of [`/api/journeys/${P}-j/timeline`, `/api/journeys/${P}-j/audit`])
      expect((await h.call('GET', path, { role: 'viewer' })).status, path).toBe(200);
  });
});
