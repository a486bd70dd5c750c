import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjections, type ProjectionRuntime } from '../../projections/runtime.js';
import { problemHandler } from '../../src/api/problem.js';
import { createReadRouter } from '../../src/api/read-routes.js';
import { fixedClock } from '../../src/clock.js';
import type { SqliteEventStore } from '../../src/store/sqlite.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { charter, decision, indicatorDefinition, ledgerBuilder, sam } from '../projections/fixtures.js';

/**
 * The read routes on a bare Express app (authentication is the app's business, not the router's), over an
 * in-memory SQLite store restored from a hand-built ledger. Today is 2026-11-25 (fixed clock).
 */
const b = ledgerBuilder('2026-01-05T09:00:00.000Z');
b.journey('early-years', 'JourneyCharted', charter('early-years', 'A good start'));
b.indicator(
  'school-readiness',
  'IndicatorDefined',
  indicatorDefinition('school-readiness', {
    name: 'Children ready for school',
    journeyIds: ['early-years'],
    baseline: { value: 60, period: '2021' },
    target: { value: 68, period: '2029' },
    doNothing: { value: 58, period: '2029' },
  }),
);
b.indicator(
  'child-obesity',
  'IndicatorDefined',
  indicatorDefinition('child-obesity', {
    name: 'Children overweight at 11',
    direction: 'decrease',
    journeyIds: ['early-years'],
    baseline: { value: 24, period: '2021' },
    target: { value: 20, period: '2029' },
  }),
);
b.on('2026-02-10T09:00:00.000Z').indicator('school-readiness', 'MeasurementRecorded', {
  measurementId: 'sr-2025',
  period: '2025',
  value: 63,
});
b.indicator('child-obesity', 'MeasurementRecorded', { measurementId: 'co-2025', period: '2025', value: 23.6 });
b.on('2026-03-01T09:00:00.000Z').journey(
  'early-years',
  'DecisionTaken',
  decision('d1', { decidedBy: 'Cabinet', decidedAt: '2026-03-01T08:00:00Z' }),
);
b.journey('early-years', 'AccountabilityAssigned', {
  accountabilityId: 'a1',
  holder: 'Ann Lee',
  accountableTo: 'board',
  for: 'A family hub',
  dueBy: '2026-06-30',
});
// After 1 March: the correction of the school-readiness figure.
b.on('2026-04-15T09:00:00.000Z').indicator(
  'school-readiness',
  'MeasurementCorrected',
  { measurementId: 'sr-2025', value: 64, reason: 'late returns' },
  sam,
);

let store: SqliteEventStore;
let runtime: ProjectionRuntime;
let server: Server;
let base: string;

beforeAll(async () => {
  store = openSqliteStore({ file: ':memory:', checkpointMs: 0 });
  await store.restore(b.events);
  runtime = startProjections(store);
  const app = express();
  app.use('/api', createReadRouter({ store, clock: fixedClock('2026-11-25T12:00:00.000Z'), runtime }));
  app.use(problemHandler(() => undefined));
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  runtime.stop();
  await new Promise((r) => server.close(r));
  await store.close();
});

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Record<string, unknown>,
  };
};

describe('GET /journeys/:journeyId/progress', () => {
  it('returns exactly the progress figures for a journey of two indicators (worked by hand)', async () => {
    const { status, body } = await get('/journeys/early-years/progress');
    expect(status).toBe(200);
    expect(body.journeyId).toBe('early-years');
    expect(body.referenceDay).toBe('2026-11-25');
    // worst of on-track and off-track
    expect(body.status).toBe('off-track');
    expect(body.indicators).toEqual([
      {
        // child-obesity: 24 → 20 by 2029; 23.6 in 2025 (2021-12-31 → 2025-12-31 is exactly 4 years of 365.25 days)
        indicatorId: 'child-obesity',
        name: 'Children overweight at 11',
        unit: '%',
        direction: 'decrease',
        frequency: 'annual',
        baseline: { value: 24, period: '2021', date: '2021-12-31' },
        target: { value: 20, period: '2029', date: '2029-12-31' },
        doNothing: null,
        latest: {
          measurementId: 'co-2025',
          period: '2025',
          date: '2025-12-31',
          value: 23.6,
          recordedAt: '2026-02-10T09:01:00.000Z',
          position: '5',
          corrected: false,
        },
        travelledPct: 10, // −0.4 / −4
        remaining: -3.6, // 20 − 23.6
        actualPacePerYear: -0.1, // −0.4 over 4 years
        requiredPacePerYear: -0.9, // −3.6 over the 4 years to 2029-12-31
        projectedReach: '2061-12-31', // 36 years at −0.1 a year
        status: 'off-track', // 0.1 a year is below half of the 0.9 needed
        stale: false, // 2025-12-31 + 2 years = 2027-12-31 ≥ 2026-11-25
        curveTurnedBy: null,
      },
      {
        // school-readiness: 60 → 68 by 2029; 2025 recorded as 63, corrected to 64
        indicatorId: 'school-readiness',
        name: 'Children ready for school',
        unit: '%',
        direction: 'increase',
        frequency: 'annual',
        baseline: { value: 60, period: '2021', date: '2021-12-31' },
        target: { value: 68, period: '2029', date: '2029-12-31' },
        doNothing: { value: 58, period: '2029', date: '2029-12-31' },
        latest: {
          measurementId: 'sr-2025',
          period: '2025',
          date: '2025-12-31',
          value: 64,
          recordedAt: '2026-02-10T09:00:00.000Z',
          position: '4',
          corrected: true,
        },
        travelledPct: 50, // 4 / 8
        remaining: 4,
        actualPacePerYear: 1, // 4 over 4 years
        requiredPacePerYear: 1, // 4 over 4 years
        projectedReach: '2029-12-31',
        status: 'on-track', // 1 ≥ 1
        stale: false,
        curveTurnedBy: 5, // do-nothing line 60 → 58 is at 59 half-way (2025-12-31): 64 − 59
      },
    ]);
  });

  it('answers as the ledger stood on 1 March: before the correction', async () => {
    const { status, body } = await get('/journeys/early-years/progress?asOf=2026-03-01T23:59:59Z');
    expect(status).toBe(200);
    expect(body.referenceDay).toBe('2026-03-01');
    const sr = (body.indicators as Record<string, unknown>[]).find((i) => i.indicatorId === 'school-readiness');
    expect(sr).toMatchObject({
      latest: { value: 63, corrected: false },
      travelledPct: 37.5,
      remaining: 5,
      actualPacePerYear: 0.75,
      requiredPacePerYear: 1.25,
      projectedReach: '2032-08-31', // 5 / 0.75 = 6⅔ years = 2,435 days after 2025-12-31
      status: 'at-risk', // 0.75 ≥ half of 1.25
      curveTurnedBy: 4, // 63 − 59
    });
  });

  it('at a position: only the events up to it', async () => {
    const { body } = await get('/journeys/early-years/progress?at=3');
    expect((body.indicators as { status: string }[]).map((i) => i.status)).toEqual(['no-data', 'no-data']);
    expect(body.status).toBe('no-data');
  });
});

describe('every read route', () => {
  it('answers now and as of a date', async () => {
    for (const path of [
      '/journeys',
      '/journeys/early-years',
      '/journeys/early-years/timeline',
      '/journeys/early-years/audit',
      '/decisions',
      '/accountabilities',
      '/indicators/school-readiness',
    ]) {
      expect((await get(path)).status, path).toBe(200);
      expect((await get(`${path}?asOf=2026-03-01T23:59:59Z`)).status, path).toBe(200);
      expect((await get(`${path}?at=4`)).status, path).toBe(200);
    }
  });

  it('the audit as of 1 March shows no correction; now it does', async () => {
    expect((await get('/journeys/early-years/audit?asOf=2026-03-01T23:59:59Z')).body.corrections).toEqual([]);
    expect((await get('/journeys/early-years/audit')).body.corrections).toMatchObject([
      { measurementId: 'sr-2025', from: 63, to: 64 },
    ]);
  });

  it('knownAtDecision shows the figure recorded before the decision, as recorded then', async () => {
    const { body } = await get('/journeys/early-years/audit');
    const [d] = body.decisions as {
      knownAtDecision: { indicatorId: string; measurement: { value: number } | null }[];
    }[];
    expect(d?.knownAtDecision.map((k) => [k.indicatorId, k.measurement?.value])).toEqual([
      ['child-obesity', 23.6],
      ['school-readiness', 63],
    ]);
  });

  it('filters decisions and accountabilities', async () => {
    expect(
      ((await get('/decisions?decidedBy=cabinet&from=2026-03-01&to=2026-03-01')).body.decisions as unknown[]).length,
    ).toBe(1);
    expect(((await get('/decisions?to=2026-02-28')).body.decisions as unknown[]).length).toBe(0);
    expect((await get('/accountabilities?holder=ann&status=overdue')).body.accountabilities).toMatchObject([
      { id: 'a1', status: 'overdue' },
    ]);
    expect((await get('/accountabilities?status=overdue&asOf=2026-03-01T23:59:59Z')).body.accountabilities).toEqual([]);
  });

  it('a journey is unknown before it was charted, and an unknown one is a 404 problem', async () => {
    const before = await get('/journeys/early-years?asOf=2026-01-01T00:00:00Z');
    expect(before.status).toBe(404);
    const unknown = await get('/journeys/no-such-journey/progress');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/application\/problem\+json/);
    expect(unknown.body).toMatchObject({ type: '/problems/not-found', status: 404 });
    expect((await get('/indicators/no-such-indicator')).status).toBe(404);
  });

  it('an invalid asOf or at is a 400 problem naming the field', async () => {
    const bad = await get('/journeys/early-years/progress?asOf=yesterday&at=x');
    expect(bad.status).toBe(400);
    expect(bad.type).toMatch(/application\/problem\+json/);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['query.asOf', 'query.at']);
    expect((await get('/journeys?asOf=2026-03-01T00:00:00Z&at=3')).status).toBe(400);
    expect((await get('/accountabilities?status=late')).body.errors).toMatchObject([{ path: 'query.status' }]);
    expect((await get('/decisions?colour=red')).body.errors).toMatchObject([{ path: 'query.colour' }]);
  });

  it('sees an append made after start-up (tail before answering)', async () => {
    await store.append(
      'journey-early-years',
      [
        {
          id: 'lesson-late',
          type: 'LessonHarvested',
          data: { lessonId: 'l1', learned: 'Ask parents first' },
          actor: sam,
        },
      ],
      { expectedRevision: 'any' },
    );
    const { body } = await get('/journeys/early-years');
    expect((body.lessons as { lessonId: string }[]).map((l) => l.lessonId)).toEqual(['l1']);
  });
});
