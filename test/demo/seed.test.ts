import { afterEach, describe, expect, it } from 'vitest';
import { demoNow } from '../../src/cli/demo.js';
import { fixedClock } from '../../src/clock.js';
import { seedDemo } from '../../src/demo/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { EventStore } from '../../src/store/port.js';
import { verifyLedger } from '../../src/store/verify.js';

const NOW = '2026-11-25T00:00:00.000Z';
let store: EventStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('seeding the demo city', () => {
  it('restores an intact ledger with positions assigned by the store', async () => {
    store = openSqliteStore({ file: ':memory:' });
    const result = await seedDemo(store, { now: NOW });
    expect(result.written).toBeGreaterThan(400);
    expect(result.lastPosition).toBe(String(result.written));
    const verified = await verifyLedger(store);
    expect(verified.ok).toBe(true);
    expect(verified.events).toBe(result.written);
  });

  it('writes nothing the second time with the same options', async () => {
    store = openSqliteStore({ file: ':memory:' });
    const first = await seedDemo(store, { now: NOW, journeys: 2, years: 2 });
    const second = await seedDemo(store, { now: NOW, journeys: 2, years: 2 });
    expect(second.written).toBe(0);
    expect(second.skipped).toBe(first.written);
  });

  it('takes the start of today as "now" unless told otherwise', () => {
    expect(demoNow(undefined, fixedClock('2026-11-25T15:42:00Z'))).toBe('2026-11-25T00:00:00.000Z');
    expect(demoNow('2025-06-30')).toBe('2025-06-30T00:00:00.000Z');
    expect(() => demoNow('yesterday')).toThrow(/--now must be a date/);
  });
});
