import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjections, type ProjectionRuntime } from '../../projections/runtime.js';
import { LiveAnswers } from '../../src/api/live-answers.js';
import { problemHandler } from '../../src/api/problem.js';
import { createReadRouter } from '../../src/api/read-routes.js';
import { Ledger } from '../../src/app/ledger.js';
import { sequentialIds, type Clock } from '../../src/clock.js';
import type { Actor } from '../../src/events/index.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { charter, indicatorDefinition, ledgerBuilder } from '../projections/fixtures.js';

/**
 * A live answer is made once per ledger position and reference day (src/api/live-answers.ts): the same question
 * then gets the same JSON with only `asOf` fresh, and any new event or a new day makes it again.
 */
describe('LiveAnswers', () => {
  const head = '{"journeyId":"j","asOf":';
  const answer = (asOf: string, n: number) => ({ journeyId: 'j', asOf, at: null, referenceDay: asOf.slice(0, 10), n });

  it('makes an answer once per position and reference day; only asOf is written fresh', () => {
    const live = new LiveAnswers();
    let made = 0;
    const make = (asOf: string) => () => answer(asOf, ++made);
    const at = (position: string, asOf: string) => ({ position, referenceDay: asOf.slice(0, 10), asOf });
    const first = live.json('k', at('7', '2026-11-25T10:00:00.000Z'), head, make('2026-11-25T10:00:00.000Z'));
    expect(first).toBe(JSON.stringify(answer('2026-11-25T10:00:00.000Z', 1)));
    const again = live.json('k', at('7', '2026-11-25T10:00:05.000Z'), head, make('2026-11-25T10:00:05.000Z'));
    expect(made).toBe(1);
    expect(again).toBe(JSON.stringify(answer('2026-11-25T10:00:05.000Z', 1)));
    // A new event anywhere (the position moved): made again.
    live.json('k', at('8', '2026-11-25T10:00:06.000Z'), head, make('2026-11-25T10:00:06.000Z'));
    expect(made).toBe(2);
    // A new day at the same position (staleness and paces are judged on it): made again.
    live.json('k', at('8', '2026-11-26T00:00:01.000Z'), head, make('2026-11-26T00:00:01.000Z'));
    expect(made).toBe(3);
    // Another item is another key.
    live.json('other', at('8', '2026-11-26T00:00:02.000Z'), head, make('2026-11-26T00:00:02.000Z'));
    expect(made).toBe(4);
  });

  it('keeps nothing it could not splice, or too large to hold, and nothing for an unknown item', () => {
    const live = new LiveAnswers(512, 200);
    let made = 0;
    const at = { position: '1', referenceDay: '2026-11-25', asOf: '2026-11-25T10:00:00.000Z' };
    const reordered = () => ({ asOf: at.asOf, journeyId: 'j', n: ++made });
    live.json('a', at, head, reordered);
    live.json('a', at, head, reordered);
    expect(made).toBe(2);
    const big = () => ({ ...answer(at.asOf, ++made), text: 'x'.repeat(300) });
    live.json('b', at, head, big);
    live.json('b', at, head, big);
    expect(made).toBe(4);
    expect(live.json('c', at, head, () => null)).toBeNull();
  });
});

describe('GET /journeys/:id/progress, live', () => {
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
    }),
  );
  b.on('2026-02-10T09:00:00.000Z').indicator('school-readiness', 'MeasurementRecorded', {
    measurementId: 'sr-2024',
    period: '2024',
    value: 62,
  });
  const ann: Actor = { id: 'ann', name: 'Ann', role: 'contributor' };
  let now = new Date('2026-11-25T12:00:00.000Z');
  const clock: Clock = { now: () => now };
  let store: SqliteEventStore;
  let runtime: ProjectionRuntime;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    store = openSqliteStore({ file: ':memory:', checkpointMs: 0, clock });
    await store.restore(b.events);
    runtime = startProjections(store);
    await runtime.ready;
    const app = express();
    app.use('/api', createReadRouter({ store, clock, runtime }));
    app.use(problemHandler(() => undefined));
    server = app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    runtime.stop();
    await new Promise((r) => server.close(r));
    await store.close();
  });

  const progress = async () => {
    const res = await fetch(`${base}/journeys/early-years/progress`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return (await res.json()) as {
      asOf: string;
      referenceDay: string;
      indicators: { latest: { measurementId: string }; stale: boolean }[];
    };
  };

  it('answers what the ledger holds now: a new measurement and a new day show at once', async () => {
    const first = await progress();
    expect(first.asOf).toBe('2026-11-25T12:00:00.000Z');
    expect(first.indicators[0]?.latest.measurementId).toBe('sr-2024');
    expect(first.indicators[0]?.stale).toBe(false);

    now = new Date('2026-11-25T12:00:09.000Z');
    const same = await progress();
    expect(same).toEqual({ ...first, asOf: '2026-11-25T12:00:09.000Z' });

    await new Ledger({ store, clock, newId: sequentialIds('m') }).handle(ann, {
      type: 'RecordMeasurement',
      indicatorId: 'school-readiness',
      measurementId: 'sr-2025',
      period: '2025',
      value: 63,
    });
    expect((await progress()).indicators[0]?.latest.measurementId).toBe('sr-2025');

    // Two years after the end of 2025 the figure is stale: judged on the new reference day, same position.
    now = new Date('2028-01-01T00:00:01.000Z');
    const later = await progress();
    expect(later.referenceDay).toBe('2028-01-01');
    expect(later.indicators[0]?.stale).toBe(true);
  });
});
