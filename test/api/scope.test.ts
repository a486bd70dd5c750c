import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/app/tokens.js';
import type { Command } from '../../src/domain/commands.js';
import { prepare, routeCases, type RouteCase } from './fixtures.js';
import { isProblem, startHarness, SYSTEM, type Harness } from './support.js';

/**
 * The authorization matrix, with scopes (docs/decisions.md, "Scopes"): a contributor scoped to journey A (sa-…)
 * gets 403 and writes nothing on every write route of journey B (sb-…) and its indicators, through the API and CSV
 * import; its writes inside A pass; a scope change counts at once; the roster can be read as of a past position.
 */
let h: Harness;
const SCOPED = 'jl_test-token-scoped-to-journey-a-0123';
const PARTNER = 'jl_test-token-scoped-to-the-police-01';
const run = (c: Command) => h.ledger.handle(SYSTEM, c);
const as = (token: string, c: RouteCase, body: unknown = c.body) =>
  c.csv
    ? h.call('POST', c.path, { token, raw: body as string, contentType: 'text/csv' })
    : h.call('POST', c.path, { token, body });
const detailOf = (r: { body: unknown }) => (r.body as { detail: string }).detail;

beforeAll(async () => {
  h = await startHarness();
  await prepare(h, 'sa');
  await prepare(h, 'sb');
  await run({
    type: 'EnrollActor',
    actorId: 'scoped-a',
    name: 'Partner A',
    role: 'contributor',
    tokenHash: hashToken(SCOPED),
    scope: { journeys: ['sa-j', 'sa-jc'] },
  });
});
afterAll(async () => h.stop());

describe('a contributor scoped to journey A', () => {
  it('gets 403 naming the journey, and writes nothing, on every write route of journey B and its indicators', async () => {
    const outcome: Record<string, string> = {};
    for (const c of routeCases('sb')) {
      const before = await h.count();
      const r = await as(SCOPED, c);
      expect(isProblem(r, 403), `${c.name}: ${r.status} ${JSON.stringify(r.body)}`).toBe(true);
      expect(await h.count(), c.name).toBe(before);
      outcome[c.name] = detailOf(r);
    }
    const scopeWords = 'outside the journeys sa-j, sa-jc';
    for (const name of [
      'ReframeJourney',
      'AdoptPlan',
      'TakeDecision',
      'ReportChange',
      'AnswerChallenge',
      'HarvestLesson',
    ])
      expect(outcome[name]).toBe(`journey sb-j is ${scopeWords}`);
    expect(outcome.ConcludeJourney).toBe(`journey sb-jc is ${scopeWords}`);
    for (const name of ['ReviseTarget', 'RecordMeasurement', 'CorrectMeasurement'])
      expect(outcome[name]).toBe(`indicator sb-i is tracked by journey sb-j, ${scopeWords}`);
    expect(outcome.CharterJourney).toMatch(/a new journey is outside/);
    expect(outcome.DefineIndicator).toMatch(/names no journey/);
    expect(outcome.ImportMeasurements).toMatch(/2 line\(s\) of the CSV are outside the journeys your access covers/);
    // Challenges and call-ins are the scrutineers' (city-wide): a contributor is refused them by role.
    expect(outcome.ChallengeChange).toMatch(/the contributor role may not do this/);
  });

  it('still writes inside A, on every contributor route (a list of journeys charts none: an administrator does)', async () => {
    const outcome: Record<string, number> = {};
    for (const c of routeCases('sa').filter((x) => x.roles.includes('contributor'))) {
      const body = c.name === 'DefineIndicator' ? { ...(c.body as object), journeyIds: ['sa-j'] } : c.body;
      outcome[c.name] = (await as(SCOPED, c, body)).status;
    }
    const expected = Object.fromEntries(
      routeCases('sa')
        .filter((x) => x.roles.includes('contributor'))
        .map((c) => [c.name, c.name === 'CharterJourney' ? 403 : 201]),
    );
    expect(outcome).toEqual(expected);
  });

  it('records who wrote, never the scope they wrote under (the envelope holds id, name and role only)', async () => {
    const r = await h.call('POST', '/api/journeys/sa-j/lessons', { token: SCOPED, body: { learned: 'who' } });
    expect(r.status).toBe(201);
    const page = await h.call('GET', '/api/events?stream=journey-sa-j&limit=1000', { role: 'admin' });
    const events = (page.body as { events: { id: string; actor: unknown }[] }).events;
    const mine = events.find((e) => e.id === (r.body as { eventId: string }).eventId);
    expect(mine?.actor).toEqual({ id: 'scoped-a', name: 'Partner A', role: 'contributor' });
    // …and its hash covers exactly that: the chain still verifies.
    expect((await h.call('GET', '/api/ledger/verify', { role: 'admin' })).body).toMatchObject({ ok: true });
  });

  it('imports a CSV only when every row is in scope: each row outside is listed by line, and nothing is written', async () => {
    const csv = 'indicator,period,value\nsa-i,2019,60\nsb-i,2019,61\nsa-i,2018,oops\nsb-i,2018,62\n';
    const before = await h.count();
    const r = await h.call('POST', '/api/measurements/import', { token: SCOPED, raw: csv, contentType: 'text/csv' });
    expect(isProblem(r, 403)).toBe(true);
    expect((r.body as { errors: unknown[] }).errors).toEqual([
      { path: 'line 3', message: 'indicator sb-i is tracked by journey sb-j, outside the journeys sa-j, sa-jc' },
      { path: 'line 4', message: 'value "oops" is not a number (write 12.5, no thousands separators)' },
      { path: 'line 5', message: 'indicator sb-i is tracked by journey sb-j, outside the journeys sa-j, sa-jc' },
    ]);
    expect(await h.count()).toBe(before);
  });

  it('follows a scope change at once (another writer changes it in the store)', async () => {
    const lesson = (learned: string) =>
      h.call('POST', '/api/journeys/sb-j/lessons', { token: SCOPED, body: { learned } });
    expect((await lesson('before')).status).toBe(403);
    await run({
      type: 'ChangeAccessScope',
      actorId: 'scoped-a',
      scope: { journeys: ['sa-j', 'sb-j'] },
      reason: 'joined B',
    });
    expect((await lesson('widened')).status).toBe(201);
    await run({
      type: 'ChangeAccessScope',
      actorId: 'scoped-a',
      scope: { journeys: ['sa-j', 'sa-jc'] },
      reason: 'back',
    });
    const before = await h.count();
    expect((await lesson('narrowed')).status).toBe(403);
    expect(await h.count()).toBe(before);
  });

  it('counts an indicator as tracked by A once A’s plan names it (links are the one definition of tracking)', async () => {
    await h.call('POST', '/api/indicators', {
      body: {
        indicatorId: 'sb-shared',
        name: 'Shared',
        unit: '%',
        direction: 'increase',
        frequency: 'annual',
        baseline: { value: 1, period: '2021' },
        target: { value: 2, period: '2026' },
        journeyIds: ['sb-j'],
      },
    });
    const measure = (period: string) =>
      h.call('POST', '/api/indicators/sb-shared/measurements', { token: SCOPED, body: { period, value: 1.5 } });
    expect((await measure('2022')).status).toBe(403);
    const plan = await h.call('POST', '/api/journeys/sa-j/plans', {
      token: SCOPED,
      body: { intent: 'Share the figure', owner: 'A', accountableTo: 'board', indicatorIds: ['sb-shared'] },
    });
    expect(plan.status).toBe(201);
    expect((await measure('2022')).status).toBe(201);
  });
});

describe('a contributor scoped to a partner', () => {
  beforeAll(async () => {
    await h.call('POST', '/api/journeys', {
      body: {
        journeyId: 'pp-j',
        title: 'Safer streets',
        ambition: 'A',
        horizon: '2030-12-31',
        lead: 'Council',
        partners: ['Police'],
      },
    });
    await run({
      type: 'EnrollActor',
      actorId: 'police-c',
      name: 'Police contributor',
      role: 'contributor',
      tokenHash: hashToken(PARTNER),
      scope: { partner: 'police' },
    });
  });
  const lesson = (learned: string) =>
    h.call('POST', '/api/journeys/pp-j/lessons', { token: PARTNER, body: { learned } });
  const reframe = (partners: string[]) =>
    h.call('POST', '/api/journeys/pp-j/reframe', { body: { reason: 'partnership changed', partners } });

  it('records on the journeys naming the partner as they are at each write', async () => {
    expect((await lesson('one')).status).toBe(201);
    expect((await reframe(['Schools'])).status).toBe(201);
    const before = await h.count();
    const refused = await lesson('two');
    expect(isProblem(refused, 403)).toBe(true);
    expect(detailOf(refused)).toBe('journey pp-j is outside the journeys of police');
    expect(await h.count()).toBe(before);
    expect((await reframe(['Schools', 'POLICE'])).status).toBe(201);
    expect((await lesson('three')).status).toBe(201);
  });

  it('charts a journey only when it names the partner as lead or partner (the ledger checks the body)', async () => {
    const chart = (journeyId: string, partners: string[]) =>
      h.call('POST', '/api/journeys', {
        token: PARTNER,
        body: { journeyId, title: 'T', ambition: 'A', horizon: '2030-12-31', lead: 'Council', partners },
      });
    const before = await h.count();
    const refused = await chart('pp-other', ['Schools']);
    expect(isProblem(refused, 403)).toBe(true);
    expect(detailOf(refused)).toMatch(/journey pp-other would be outside the journeys of police: name police/);
    expect(await h.count()).toBe(before);
    expect((await chart('pp-ours', ['Police'])).status).toBe(201);
  });
});

describe('the access roster', () => {
  it('is read by scrutineers and admins, now or as of a past position, with scopes and never a token hash', async () => {
    const outcome = Object.fromEntries(
      await Promise.all(
        (['none', 'viewer', 'contributor', 'scrutineer', 'admin'] as const).map(async (role) => [
          role,
          (await h.call('GET', '/api/access', { role })).status,
        ]),
      ),
    );
    expect(outcome).toEqual({ none: 401, viewer: 403, contributor: 403, scrutineer: 200, admin: 200 });
    const head = String(await h.count());
    const change = await run({
      type: 'ChangeAccessScope',
      actorId: 'scoped-a',
      scope: { partner: 'Schools' },
      reason: 'moved to schools',
    });
    const entry = async (query: string) => {
      const r = await h.call('GET', `/api/access${query}`, { role: 'scrutineer' });
      expect(r.status).toBe(200);
      expect(JSON.stringify(r.body)).not.toMatch(/[0-9a-f]{64}|tokenHash/);
      return (r.body as { actors: { actorId: string; scope: unknown }[] }).actors.find((a) => a.actorId === 'scoped-a');
    };
    expect((await entry(`?at=${head}`))?.scope).toEqual({ journeys: ['sa-j', 'sa-jc'] });
    expect((await entry(''))?.scope).toEqual({ partner: 'Schools' });
    expect((await entry(`?at=${change.appended.position}`))?.scope).toEqual({ partner: 'Schools' });
    expect(isProblem(await h.call('GET', '/api/access?at=x', { role: 'admin' }), 400)).toBe(true);
  });
});
