import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMeasurementsCsv } from '../../src/app/measurement-import.js';
import type { StoredEvent } from '../../src/events/index.js';
import { prepare } from './fixtures.js';
import { isProblem, startHarness, type Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, 'imp');
  await h.call('POST', '/api/indicators', {
    body: {
      indicatorId: 'imp-other',
      name: 'Other',
      unit: 'count',
      direction: 'decrease',
      frequency: 'quarterly',
      baseline: { value: 100, period: '2021-Q1' },
      target: { value: 60, period: '2026-Q4' },
    },
  });
});
afterAll(async () => h.stop());

const importCsv = (csv: string) =>
  h.call('POST', '/api/measurements/import', { role: 'contributor', raw: csv, contentType: 'text/csv' });

describe('POST /api/measurements/import', () => {
  it('writes every row to its indicator, all in one go, in file order', async () => {
    const csv =
      'indicator,period,value,source,note,measurementId\n' +
      'imp-i,2023,62.2,EYFS,,m-2023\n' +
      'imp-other,2024-Q1,97,Police,"spring, after the pilot",\n' +
      'imp-i,2024,63.1,EYFS,provisional,\n';
    const before = await h.count();
    const r = await importCsv(csv);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ imported: 3 });
    expect(await h.count()).toBe(before + 3);
    const events: StoredEvent[] = [];
    for await (const e of h.store.readAll({ after: String(before) })) events.push(e);
    expect(events.map((e) => [e.streamId, e.type])).toEqual([
      ['indicator-imp-i', 'MeasurementRecorded'],
      ['indicator-imp-i', 'MeasurementRecorded'],
      ['indicator-imp-other', 'MeasurementRecorded'],
    ]);
    expect(events[0]?.data).toEqual({ measurementId: 'm-2023', period: '2023', value: 62.2, source: 'EYFS' });
    expect(events[2]?.data).toMatchObject({ period: '2024-Q1', value: 97, note: 'spring, after the pilot' });
  });

  it('one bad row → nothing written, and every bad row is reported with its line and reason', async () => {
    const csv =
      'indicator,period,value,source,note\n' +
      'imp-i,2025,64,EYFS,\n' + // line 2: fine
      'nowhere,2025,1,,\n' + // line 3: unknown indicator
      'imp-i,2025-13,1,,\n' + // line 4: not a period
      'imp-i,2022,1.2.3,,\n' + // line 5: not a number, and 2022 is already measured
      'imp-other,2025-Q1,90,,\n' + // line 6: fine
      'imp-other,2025-Q1,91,,\n' + // line 7: the same period twice in one file
      'imp-i,2026,1\n'; // line 8: too few values
    const before = await h.count();
    const r = await importCsv(csv);
    expect(isProblem(r, 400)).toBe(true);
    const errors = (r.body as { errors: { path: string; message: string }[] }).errors;
    expect(errors.map((e) => e.path)).toEqual(['line 3', 'line 4', 'line 5', 'line 7', 'line 8']);
    expect(errors.find((e) => e.path === 'line 3')?.message).toMatch(/indicator nowhere does not exist/);
    expect(errors.find((e) => e.path === 'line 4')?.message).toMatch(/period/);
    expect(errors.find((e) => e.path === 'line 5')?.message).toMatch(/"1.2.3" is not a number/);
    expect(errors.find((e) => e.path === 'line 7')?.message).toMatch(/already has measurement .* for 2025-Q1/);
    expect(errors.find((e) => e.path === 'line 8')?.message).toMatch(/has 3 values, the header names 5/);
    expect(await h.count()).toBe(before);
  });

  it('refuses a file without the required columns, or with unknown ones, at line 1', async () => {
    const r = await importCsv('indicator,when,value\nimp-i,2025,1\n');
    expect(isProblem(r, 400)).toBe(true);
    expect((r.body as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: 'line 1', message: expect.stringMatching(/unknown column "when"/) },
      { path: 'line 1', message: 'missing column "period"' },
    ]);
  });
});

describe('parseMeasurementsCsv', () => {
  it('accepts a byte-order mark, CRLF line ends and columns in any order', () => {
    const { commands, errors } = parseMeasurementsCsv('\uFEFFvalue,period,indicator\r\n12.5,2024,abc\r\n');
    expect(errors).toEqual([]);
    expect(commands).toEqual([
      { line: 2, command: { type: 'RecordMeasurement', indicatorId: 'abc', period: '2024', value: 12.5 } },
    ]);
  });
  it('reports an empty file and a header without rows', () => {
    expect(parseMeasurementsCsv('').errors[0]).toMatchObject({ path: 'line 1' });
    expect(parseMeasurementsCsv('indicator,period,value\n').errors[0]?.message).toMatch(/no measurements/);
  });
  it('reports unreadable CSV (an unclosed quote) with a line', () => {
    expect(parseMeasurementsCsv('indicator,period,value\nabc,"2024,1\n').errors[0]?.path).toMatch(/^line \d+$/);
  });
});
