import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from './fixtures.js';
import { isProblem, startHarness, type Harness } from './support.js';

/**
 * Issue 12, item 2: an Idempotency-Key is bound to the request it was first used for (route, body, actor). The same
 * key on another route or with another body is a 409 naming the header, and writes nothing; never a 200 for a write
 * that did not happen, never a 5xx. Item 3: publishing a report through the composed app (its own JSON parser).
 */
const P = 'idem';
const J = `/api/journeys/${P}-j`;
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, P);
  await h.call('POST', '/api/indicators', {
    body: {
      indicatorId: `${P}-other`,
      name: 'Another indicator',
      unit: '%',
      direction: 'increase',
      frequency: 'annual',
      baseline: { value: 10, period: '2021' },
      target: { value: 20, period: '2026' },
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

const keyed = (key: string) => ({ 'idempotency-key': key });
const decision = {
  summary: 'Open two more hubs',
  decidedBy: 'Cabinet',
  decidedAt: '2026-11-20T10:00:00Z',
  rationale: 'the pilot worked',
};

function expectKeyRefused(r: Awaited<ReturnType<Harness['call']>>): void {
  expect(isProblem(r, 409), JSON.stringify(r.body)).toBe(true);
  const body = r.body as { errors?: { path: string }[]; detail: string };
  expect(body.errors?.map((e) => e.path)).toEqual(['Idempotency-Key']);
  expect(body.detail).toMatch(/different request/);
}

describe('Idempotency-Key bound to the route, the body and the actor', () => {
  it('a decision sent with the key of an earlier lesson is refused with 409 and nothing is written', async () => {
    const first = await h.call('POST', `${J}/lessons`, {
      body: { learned: 'Hubs need evening hours' },
      headers: keyed('K1'),
    });
    expect(first.status).toBe(201);
    const before = await h.count();
    const other = await h.call('POST', `${J}/decisions`, { body: decision, headers: keyed('K1') });
    expectKeyRefused(other);
    expect(await h.count()).toBe(before);
    const decisions = (await h.call('GET', `/api/decisions?decidedBy=Cabinet`)).body as { decisions: unknown[] };
    expect(JSON.stringify(decisions)).not.toContain('Open two more hubs');
  });

  it('the same route with another body is refused; the same request again is still a 200 retry', async () => {
    const body = { learned: 'Parents come when the hub is near school' };
    const first = await h.call('POST', `${J}/lessons`, { body, headers: keyed('K2') });
    expect(first.status).toBe(201);
    const before = await h.count();
    expectKeyRefused(
      await h.call('POST', `${J}/lessons`, { body: { learned: 'Something else' }, headers: keyed('K2') }),
    );
    const again = await h.call('POST', `${J}/lessons`, { body, headers: keyed('K2') });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await h.count()).toBe(before);
  });

  it('another actor may use the same key for its own request', async () => {
    const r = await h.call('POST', `${J}/lessons`, {
      role: 'contributor',
      body: { learned: 'A contributor’s lesson' },
      headers: keyed('K2'),
    });
    expect(r.status).toBe(201);
  });

  it('CSV import: another file with the same key is a 409 (never "replayed"), also when its first row names another indicator; never a 5xx', async () => {
    const csv = (rows: string) => `indicator,period,value\n${rows}\n`;
    const first = await h.call('POST', '/api/measurements/import', {
      raw: csv(`${P}-i,2023,62`),
      contentType: 'text/csv',
      headers: keyed('C1'),
    });
    expect(first.status).toBe(201);
    const before = await h.count();
    for (const rows of [`${P}-i,2024,63\n${P}-i,2025,64`, `${P}-other,2024,12`]) {
      const r = await h.call('POST', '/api/measurements/import', {
        raw: csv(rows),
        contentType: 'text/csv',
        headers: keyed('C1'),
      });
      expectKeyRefused(r);
    }
    expect(await h.count()).toBe(before);
    const again = await h.call('POST', '/api/measurements/import', {
      raw: csv(`${P}-i,2023,62`),
      contentType: 'text/csv',
      headers: keyed('C1'),
    });
    expect(again.status).toBe(200);
    expect((again.body as { replayed: boolean }).replayed).toBe(true);
    expect(await h.count()).toBe(before);
  });
});

describe('POST /api/reports through the composed app', () => {
  it('publishes { "period": "2025-Q4" } with 201, then answers 200 with the same record', async () => {
    const r = await h.call('POST', '/api/reports', { body: { period: '2025-Q4' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((r.body as { period: string }).period).toBe('2025-Q4');
    const again = await h.call('POST', '/api/reports', { body: { period: '2025-Q4' } });
    expect(again.status).toBe(200);
    expect((await h.call('GET', '/api/reports/2025-Q4', { headers: { accept: 'text/markdown' } })).status).toBe(200);
  });

  it('a body that is not JSON is a 415, and a bad period a 400 naming the field', async () => {
    expect((await h.call('POST', '/api/reports', { raw: 'period=2025-Q4', contentType: 'text/plain' })).status).toBe(
      415,
    );
    const bad = await h.call('POST', '/api/reports', { body: { period: '2025-Q9' } });
    expect(isProblem(bad, 400)).toBe(true);
    expect((bad.body as { errors: { path: string }[] }).errors[0]?.path).toBe('period');
  });
});
