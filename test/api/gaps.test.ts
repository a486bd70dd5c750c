import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/index.js';
import { isProblem, startHarness, type Harness, type Reply } from './support.js';

/**
 * Groups and gaps through the API: the write routes, GET /api/indicators/:id/gaps, gaps in a journey's progress,
 * ?group=, and the CSV import's group column. Every refusal is checked to write nothing.
 */
let h: Harness;
const I = '/api/indicators/hle';
const ok = async (path: string, body: unknown): Promise<Reply> => {
  const r = await h.call('POST', path, { role: 'contributor', body });
  if (r.status !== 201) throw new Error(`${path} → ${r.status} ${JSON.stringify(r.body)}`);
  return r;
};
const errors = (r: Reply) => (r.body as { errors?: { path: string; message: string }[] }).errors ?? [];

/** The call is refused with `status`, and the ledger did not move. */
async function refused(call: () => Promise<Reply>, status: number): Promise<Reply> {
  const before = await h.count();
  const r = await call();
  expect(isProblem(r, status), `${r.status} ${JSON.stringify(r.body)}`).toBe(true);
  expect(await h.count()).toBe(before);
  return r;
}

beforeAll(async () => {
  h = await startHarness();
  await ok('/api/journeys', {
    journeyId: 'hle-gap',
    title: 'Closing the gap in healthy life expectancy',
    ambition: 'The gap narrows year on year',
    horizon: '2026-12-31',
    lead: 'Director of Public Health',
  });
  await ok('/api/indicators', {
    indicatorId: 'hle',
    name: 'Healthy life expectancy at birth',
    unit: 'years',
    direction: 'increase',
    frequency: 'annual',
    baseline: { value: 58, period: '2021' },
    target: { value: 61, period: '2026' },
    journeyIds: ['hle-gap'],
    groups: [{ groupId: 'most-deprived', name: 'Most deprived decile' }],
  });
});
afterAll(async () => h.stop());

describe('writing groups and gaps', () => {
  it('adds a group, answering with its id', async () => {
    const r = await ok(`${I}/groups`, { groupId: 'least-deprived', name: 'Least deprived decile' });
    expect(r.body).toMatchObject({ id: 'least-deprived', streamId: 'indicator-hle' });
  });

  it('defines a gap (id made by the server when left out) and revises its target', async () => {
    const made = await ok(`${I}/gaps`, {
      name: 'Most against all',
      focusGroup: 'most-deprived',
      comparatorGroup: 'all',
      baseline: { value: 7, period: '2021' },
      target: { value: 5, period: '2026' },
    });
    // The harness's id generator stands in for UUID v7: the id is the server's, and names the gap.
    const id = (made.body as { id: string }).id;
    expect(id).toMatch(/^id-\d+$/);
    const listed = (await h.call('GET', `${I}/gaps`, { role: 'viewer' })).body as { gaps: { gapId: string }[] };
    expect(listed.gaps.map((g) => g.gapId)).toEqual([id]);
    await ok(`${I}/gaps`, {
      gapId: 'decile-gap',
      name: 'Most against least deprived',
      focusGroup: 'most-deprived',
      comparatorGroup: 'least-deprived',
      baseline: { value: 12.5, period: '2021' },
      target: { value: 9, period: '2026' },
    });
    const revised = await ok(`${I}/gaps/decile-gap/target`, {
      target: { value: 8.5, period: '2026' },
      reason: 'Stretch agreed with the ICB',
      decidedBy: 'Health and Wellbeing Board',
    });
    expect(revised.body).toMatchObject({ id: 'decile-gap' });
  });

  it('records group measurements beside the whole population’s', async () => {
    await ok(`${I}/measurements`, { period: '2022', value: 58.5 });
    for (const [period, most, least] of [
      ['2022', 52, 64],
      ['2023', 53, 64.5],
    ] as const) {
      await ok(`${I}/measurements`, { measurementId: `most-${period}`, period, value: most, group: 'most-deprived' });
      await ok(`${I}/measurements`, { period, value: least, group: 'least-deprived' });
    }
    await refused(
      () =>
        h.call('POST', `${I}/measurements`, {
          role: 'contributor',
          body: { period: '2023', value: 1, group: 'most-deprived' },
        }),
      409,
    );
  });

  it('refuses an undeclared group with a 400 that names it, writing nothing', async () => {
    const r = await refused(
      () =>
        h.call('POST', `${I}/measurements`, {
          role: 'contributor',
          body: { period: '2024', value: 50, group: 'ward-7' },
        }),
      400,
    );
    expect(errors(r)).toEqual([
      {
        path: 'group',
        message:
          'indicator hle has no group "ward-7" (its groups are least-deprived, most-deprived): add the group to the indicator first',
      },
    ]);
    const gap = await refused(
      () =>
        h.call('POST', `${I}/gaps`, {
          role: 'contributor',
          body: {
            name: 'Ward 7 against ward 8',
            focusGroup: 'ward-7',
            comparatorGroup: 'ward-8',
            baseline: { value: 3, period: '2021' },
            target: { value: 1, period: '2026' },
          },
        }),
      400,
    );
    expect(errors(gap).map((e) => [e.path, e.message.slice(0, 32)])).toEqual([
      ['focusGroup', 'indicator hle has no group "ward'],
      ['comparatorGroup', 'indicator hle has no group "ward'],
    ]);
  });

  it('refuses group "all" (the whole population is a measurement without a group) and as a declared group', async () => {
    const r = await refused(
      () =>
        h.call('POST', `${I}/measurements`, { role: 'contributor', body: { period: '2024', value: 50, group: 'all' } }),
      400,
    );
    expect(errors(r)[0]).toMatchObject({ path: 'group', message: expect.stringContaining('leave the group out') });
    await refused(
      () => h.call('POST', `${I}/groups`, { role: 'contributor', body: { groupId: 'all', name: 'Everyone' } }),
      400,
    );
  });

  it('refuses a gap target that does not narrow it, an unknown gap (404) and an unknown indicator (404)', async () => {
    const body = { target: { value: 13, period: '2026' }, reason: 'r', decidedBy: 'B' };
    const r = await refused(() => h.call('POST', `${I}/gaps/decile-gap/target`, { role: 'contributor', body }), 400);
    expect(errors(r)[0]?.path).toBe('target.value');
    await refused(() => h.call('POST', `${I}/gaps/no-such-gap/target`, { role: 'contributor', body }), 404);
    await refused(
      () =>
        h.call('POST', '/api/indicators/nowhere/groups', { role: 'contributor', body: { groupId: 'x1', name: 'X' } }),
      404,
    );
  });

  it('lets a viewer read but not write', async () => {
    await refused(() => h.call('POST', `${I}/groups`, { role: 'viewer', body: { groupId: 'v1', name: 'V' } }), 403);
    expect((await h.call('GET', `${I}/gaps`, { role: 'viewer' })).status).toBe(200);
  });
});

interface GapsBody {
  indicatorId: string;
  asOf: string;
  gaps: Record<string, unknown>[];
  groups: Record<string, unknown>[];
}

describe('GET /api/indicators/:id/gaps', () => {
  it('answers every gap with the figures the design names, and each group’s latest and pace', async () => {
    const r = await h.call('GET', `${I}/gaps`, { role: 'viewer' });
    expect(r.status).toBe(200);
    const body = r.body as GapsBody;
    expect(body.indicatorId).toBe('hle');
    expect(typeof body.asOf).toBe('string');
    const gap = body.gaps.find((g) => g.gapId === 'decile-gap')!;
    for (const field of [
      'gapId',
      'name',
      'focusGroup',
      'comparatorGroup',
      'baseline',
      'target',
      'latest',
      'travelledPct',
      'remaining',
      'actualPacePerYear',
      'requiredPacePerYear',
      'projectedReach',
      'status',
      'stale',
      'widening',
      'curveTurnedBy',
    ])
      expect(gap, field).toHaveProperty(field);
    expect(gap).toMatchObject({
      focusGroup: 'most-deprived',
      comparatorGroup: 'least-deprived',
      target: { value: 8.5, period: '2026' },
      latest: { period: '2023', focus: 53, comparator: 64.5, gap: 11.5 },
      // (11.5 − 12.5) / (8.5 − 12.5) = 25 %
      travelledPct: 25,
      remaining: -3,
      widening: false,
    });
    // The gap against all has no point yet: the whole population has 2022 only, the group 2022 and 2023 → one point.
    const all = body.gaps.find((g) => g.comparatorGroup === 'all')!;
    expect(all.latest).toMatchObject({ period: '2022', focus: 52, comparator: 58.5, gap: 6.5 });
    expect(body.groups.map((g) => [g.groupId, (g.latest as { value: number } | null)?.value])).toEqual([
      ['most-deprived', 53],
      ['least-deprived', 64.5],
    ]);
    // 52 → 53 over 2022-12-31 → 2023-12-31 (365 days): 1 / (365 / 365.25)
    expect(body.groups[0]?.actualPacePerYear).toBeCloseTo(1.000684931506849, 10);
  });

  it('?group= keeps the gaps with that group; an unknown group is a 400 naming it; an unknown indicator a 404', async () => {
    const least = (await h.call('GET', `${I}/gaps?group=least-deprived`, { role: 'viewer' })).body as GapsBody;
    expect(least.gaps.map((g) => g.gapId)).toEqual(['decile-gap']);
    expect(least.groups.map((g) => g.groupId)).toEqual(['least-deprived']);
    const bad = await h.call('GET', `${I}/gaps?group=ward-7`, { role: 'viewer' });
    expect(isProblem(bad, 400)).toBe(true);
    expect(errors(bad)[0]).toMatchObject({ path: 'query.group', message: expect.stringContaining('"ward-7"') });
    expect(isProblem(await h.call('GET', `${I}/gaps?group=Not%20A%20Slug`, { role: 'viewer' }), 400)).toBe(true);
    expect(isProblem(await h.call('GET', `${I}/gaps?colour=red`, { role: 'viewer' }), 400)).toBe(true);
    expect(isProblem(await h.call('GET', '/api/indicators/nowhere/gaps', { role: 'viewer' }), 404)).toBe(true);
  });

  it('GET /api/indicators/:id?group= lists that group’s measurements; its groups are listed', async () => {
    const body = (await h.call('GET', `${I}?group=most-deprived`, { role: 'viewer' })).body as {
      groups: unknown[];
      measurements: { measurementId: string; group?: string }[];
      progress: { latest: { value: number } };
    };
    expect(body.measurements.map((m) => [m.measurementId, m.group])).toEqual([
      ['most-2022', 'most-deprived'],
      ['most-2023', 'most-deprived'],
    ]);
    expect(body.groups).toEqual([
      { groupId: 'most-deprived', name: 'Most deprived decile' },
      { groupId: 'least-deprived', name: 'Least deprived decile' },
    ]);
    expect(body.progress.latest.value).toBe(58.5); // the whole population's, whatever the group
  });

  it('a journey’s progress lists its indicators’ gaps', async () => {
    const body = (await h.call('GET', '/api/journeys/hle-gap/progress', { role: 'viewer' })).body as {
      gaps: { indicatorId: string; gapId: string }[];
    };
    expect(body.gaps.map((g) => g.indicatorId)).toEqual(['hle', 'hle']);
    expect(body.gaps.map((g) => g.gapId)).toContain('decile-gap');
  });

  it('is documented in the OpenAPI document, with the write routes', async () => {
    const doc = (await h.call('GET', '/api/openapi.json', { role: 'none' })).body as {
      paths: Record<string, { get?: { parameters?: { name: string }[] }; post?: { operationId: string } }>;
    };
    const gaps = doc.paths['/api/indicators/{indicatorId}/gaps'];
    expect(gaps?.post?.operationId).toBe('DefineGap');
    expect(gaps?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['asOf', 'at', 'group']));
    expect(doc.paths['/api/indicators/{indicatorId}/groups']?.post?.operationId).toBe('AddIndicatorGroup');
    expect(doc.paths['/api/indicators/{indicatorId}/gaps/{gapId}/target']?.post?.operationId).toBe('ReviseGapTarget');
  });
});

describe('CSV import with a group column', () => {
  const importCsv = (csv: string) =>
    h.call('POST', '/api/measurements/import', { role: 'contributor', raw: csv, contentType: 'text/csv' });

  it('writes group rows to their series and empty-group rows to the whole population', async () => {
    const before = await h.count();
    const r = await importCsv(
      'indicator,period,value,group,source\n' +
        'hle,2024,59.1,,ONS\n' +
        'hle,2024,54.5,most-deprived,ONS\n' +
        'hle,2024,65,least-deprived,ONS\n',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const events: StoredEvent[] = [];
    for await (const e of h.store.readAll({ after: String(before) })) events.push(e);
    expect(events.map((e) => (e.data as { group?: string }).group)).toEqual([
      undefined,
      'most-deprived',
      'least-deprived',
    ]);
    const gaps = (await h.call('GET', `${I}/gaps`, { role: 'viewer' })).body as GapsBody;
    expect(gaps.gaps.find((g) => g.gapId === 'decile-gap')?.latest).toMatchObject({ period: '2024', gap: 10.5 });
  });

  it('one row with an undeclared group → nothing written, the line names the group', async () => {
    const r = await refused(
      () =>
        importCsv(
          'indicator,period,value,group\n' +
            'hle,2025,59.5,\n' + // fine
            'hle,2025,55,ward-7\n' + // undeclared
            'hle,2025,60,all\n' + // the whole population has no group name
            'hle,2024,54,most-deprived\n', // already measured for 2024
        ),
      400,
    );
    expect(errors(r).map((e) => e.path)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(errors(r)[0]?.message).toContain('indicator hle has no group "ward-7"');
    expect(errors(r)[1]?.message).toContain('leave the group out');
    expect(errors(r)[2]?.message).toContain('(group most-deprived): correct it instead');
  });
});
