import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/app/tokens.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { Ledger } from '../../src/app/ledger.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { prepare } from './fixtures.js';
import { isProblem, startHarness, SYSTEM, type Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, 'b');
});
afterAll(async () => h.stop());

const change = (id?: string) => ({
  ...(id ? { changeId: id } : {}),
  whatChanged: 'Fewer missed appointments',
  forWhom: 'families',
  evidence: ['clinic data'],
  occurredAt: '2026-11-01',
});

describe('Idempotency-Key', () => {
  it('a retry returns the first result with 200 and writes nothing', async () => {
    const headers = { 'idempotency-key': 'report-2026-11-25-001' };
    const first = await h.call('POST', '/api/journeys/b-j/changes', { role: 'contributor', body: change(), headers });
    expect(first.status).toBe(201);
    const before = await h.count();
    const retry = await h.call('POST', '/api/journeys/b-j/changes', { role: 'contributor', body: change(), headers });
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(await h.count()).toBe(before);
  });

  it('a retry of a request that named its own id is still a 200, not a duplicate', async () => {
    const headers = { 'idempotency-key': 'chart-once' };
    const body = { journeyId: 'b-idem', title: 'T', ambition: 'A', horizon: '2030-12-31', lead: 'L' };
    expect((await h.call('POST', '/api/journeys', { body, headers })).status).toBe(201);
    const before = await h.count();
    expect((await h.call('POST', '/api/journeys', { body, headers })).status).toBe(200);
    expect((await h.call('POST', '/api/journeys', { body })).status).toBe(409); // without the key it is a duplicate
    expect(await h.count()).toBe(before);
  });

  it('the same key from another actor is another request', async () => {
    const headers = { 'idempotency-key': 'shared-key' };
    expect(
      (await h.call('POST', '/api/journeys/b-j/lessons', { role: 'contributor', body: { learned: 'one' }, headers }))
        .status,
    ).toBe(201);
    expect(
      (await h.call('POST', '/api/journeys/b-j/lessons', { role: 'admin', body: { learned: 'two' }, headers })).status,
    ).toBe(201);
  });

  it('a key reused for a request to another stream is a 409', async () => {
    const headers = { 'idempotency-key': 'used-for-a-lesson' };
    expect(
      (await h.call('POST', '/api/journeys/b-j/lessons', { role: 'contributor', body: { learned: 'x' }, headers }))
        .status,
    ).toBe(201);
    const before = await h.count();
    const r = await h.call('POST', '/api/journeys/b-jc/lessons', {
      role: 'contributor',
      body: { learned: 'x' },
      headers,
    });
    expect(isProblem(r, 409)).toBe(true);
    expect(await h.count()).toBe(before);
  });

  it('a CSV import retried with its key is a 200 and writes nothing', async () => {
    const csv = 'indicator,period,value\nb-i,2024,63\n';
    const headers = { 'idempotency-key': 'import-1' };
    expect(
      (
        await h.call('POST', '/api/measurements/import', {
          role: 'contributor',
          raw: csv,
          contentType: 'text/csv',
          headers,
        })
      ).status,
    ).toBe(201);
    const before = await h.count();
    expect(
      (
        await h.call('POST', '/api/measurements/import', {
          role: 'contributor',
          raw: csv,
          contentType: 'text/csv',
          headers,
        })
      ).status,
    ).toBe(200);
    expect(await h.count()).toBe(before);
  });
});

describe('If-Match', () => {
  it('writes when the stream is where the caller saw it, and the ETag is the next If-Match', async () => {
    const head = await h.store.head('journey-b-j');
    const r = await h.call('POST', '/api/journeys/b-j/changes', {
      role: 'contributor',
      body: change(),
      headers: { 'if-match': String(head?.revision) },
    });
    expect(r.status).toBe(201);
    const again = await h.call('POST', '/api/journeys/b-j/changes', {
      role: 'contributor',
      body: change(),
      headers: { 'if-match': r.headers.get('etag') as string },
    });
    expect(again.status).toBe(201);
  });

  it('concurrent writers with the same If-Match: exactly one wins, the others get 409', async () => {
    const head = await h.store.head('journey-b-j');
    const before = await h.count();
    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        h.call('POST', '/api/journeys/b-j/changes', {
          role: 'contributor',
          body: change(`race-${i}`),
          headers: { 'if-match': String(head?.revision) },
        }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(11);
    expect(await h.count()).toBe(before + 1);
  });

  it('concurrent writers without If-Match all succeed, in one linear chain', async () => {
    const before = await h.count();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.call('POST', '/api/journeys/b-j/changes', { role: 'contributor', body: change(`calm-${i}`) }),
      ),
    );
    expect(replies.every((r) => r.status === 201)).toBe(true);
    expect(await h.count()).toBe(before + 20);
    expect((await h.call('GET', '/api/ledger/verify', { role: 'admin' })).body).toMatchObject({ ok: true });
  });

  it('another process writing between read and append is decided again, not lost', async () => {
    const other = openSqliteStore({ file: h.file, clock: fixedClock('2026-11-25T12:00:00Z') });
    try {
      const cli = new Ledger({ store: other, clock: fixedClock('2026-11-25T12:00:00Z'), newId: sequentialIds('cli') });
      await cli.handle(SYSTEM, { type: 'HarvestLesson', journeyId: 'b-j', learned: 'from the CLI' });
      const r = await h.call('POST', '/api/journeys/b-j/changes', { role: 'contributor', body: change('after-cli') });
      expect(r.status).toBe(201);
    } finally {
      await other.close();
    }
  });
});

describe('access', () => {
  it('a revocation made by another process counts at once', async () => {
    const token = 'jl_a-token-about-to-be-revoked';
    await h.ledger.handle(SYSTEM, {
      type: 'EnrollActor',
      actorId: 'leaver',
      name: 'Leaver',
      role: 'contributor',
      tokenHash: hashToken(token),
    });
    expect(
      (await h.call('POST', '/api/journeys/b-j/lessons', { token, body: { learned: 'before leaving' } })).status,
    ).toBe(201);
    const other = openSqliteStore({ file: h.file });
    try {
      await new Ledger({ store: other, clock: fixedClock('2026-11-25T12:00:00Z'), newId: sequentialIds('cli') }).handle(
        SYSTEM,
        { type: 'RevokeAccess', actorId: 'leaver', reason: 'left the partnership' },
      );
    } finally {
      await other.close();
    }
    const before = await h.count();
    expect(
      isProblem(await h.call('POST', '/api/journeys/b-j/lessons', { token, body: { learned: 'after leaving' } }), 401),
    ).toBe(true);
    expect(await h.count()).toBe(before);
  });

  it('the actor on the event comes from the token, never from the body', async () => {
    const r = await h.call('POST', '/api/journeys/b-j/lessons', {
      role: 'contributor',
      body: { learned: 'x', actor: { id: 'someone-else' } },
    });
    expect(r.status).toBe(400);
    expect((r.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['actor']);
  });
});

describe('PUBLIC_READ', () => {
  it('off: anonymous reads of journeys are a 401', async () => {
    expect((await h.call('GET', '/api/journeys', { role: 'none' })).status).toBe(401);
  });
  it('on: anonymous visitors may read journeys, their indicators and reports, nothing else', async () => {
    const pub = await startHarness({ publicRead: true });
    try {
      for (const path of ['/api/journeys', '/api/journeys/x', '/api/reports', '/api/indicators/x']) {
        expect((await pub.call('GET', path, { role: 'none' })).status, path).not.toBe(401);
      }
      for (const path of ['/api/events', '/api/ledger/verify', '/api/decisions', '/api/accountabilities']) {
        expect((await pub.call('GET', path, { role: 'none' })).status, path).toBe(401);
      }
      expect((await pub.call('POST', '/api/journeys', { role: 'none', body: {} })).status).toBe(401);
    } finally {
      await pub.stop();
    }
  });
  it('an indicator is as public as its page: anonymous with PUBLIC_READ, a sign-in without', async () => {
    const pub = await startHarness({ publicRead: true });
    try {
      const defined = await pub.call('POST', '/api/indicators', {
        role: 'contributor',
        body: {
          indicatorId: 'public-i',
          name: 'Good level of development',
          unit: '%',
          direction: 'increase',
          frequency: 'annual',
          baseline: { value: 60, period: '2021' },
          target: { value: 70, period: '2026' },
        },
      });
      expect(defined.status).toBe(201);
      const read = await pub.call('GET', '/api/indicators/public-i', { role: 'none' });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ indicatorId: 'public-i' });
    } finally {
      await pub.stop();
    }
    expect((await h.call('GET', '/api/indicators/x', { role: 'none' })).status).toBe(401);
  });
});

describe('guarding the door', () => {
  it('after 30 unknown tokens from one address, the API answers 429 with Retry-After; good tokens never count', async () => {
    const fresh = await startHarness();
    try {
      for (let i = 0; i < 40; i++)
        expect((await fresh.call('GET', '/api/journeys', { role: 'viewer' })).status).toBe(200);
      const statuses: number[] = [];
      for (let i = 0; i < 32; i++)
        statuses.push((await fresh.call('GET', '/api/journeys', { token: `jl_guess-${i}-0123456789abcdef` })).status);
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      const limited = await fresh.call('GET', '/api/journeys', { token: 'jl_guess-again-0123456789abcdef' });
      expect(isProblem(limited, 429)).toBe(true);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await fresh.stop();
    }
  });

  it('a malformed %-escape in a path id is a 400 problem, not a 500, and writes nothing', async () => {
    const before = await h.count();
    const r = await h.call('POST', '/api/journeys/b-j/plans/%E0%A4%A/revise', {
      role: 'contributor',
      body: { reason: 'r', owner: 'o' },
    });
    expect(isProblem(r, 400)).toBe(true);
    expect(await h.count()).toBe(before);
  });
});
