import { afterEach, describe, expect, it } from 'vitest';
import { ledgerContext } from '../../projections/contexts.js';
import { overviewAnswer } from '../../projections/read-model.js';
import { startProjections } from '../../projections/runtime.js';
import { fixedClock } from '../../src/clock.js';
import { seedDemo } from '../../src/demo/index.js';
import { periodWindow } from '../../src/events/index.js';
import { buildReport } from '../../src/reports/model.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';
import { charter, ledgerBuilder } from '../projections/fixtures.js';

/**
 * One rule for each shared fact: a journey's last change is the change that happened last (latest occurredAt;
 * ties: recorded last), in the city overview and in the quarterly report's table alike.
 */
let store: SqliteEventStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

/** The overview's last change of every journey, as the ledger stood at the end of the period. */
async function overviewLastChanges(s: SqliteEventStore, period: string): Promise<Map<string, string | null>> {
  const runtime = startProjections(s);
  try {
    const cut = { asOf: periodWindow(period).to };
    const overview = overviewAnswer(await ledgerContext({ store: s, runtime, clock: fixedClock(cut.asOf) }, cut));
    return new Map(overview.journeys.map((j) => [j.journeyId, j.lastChange?.occurredAt ?? null]));
  } finally {
    runtime.stop();
  }
}

const reportLastChanges = async (s: SqliteEventStore, period: string): Promise<Map<string, string | null>> =>
  new Map(
    (await buildReport(s, period)).city.rows.map((r) => [r.journeyId, r.lastChange?.occurredAt.slice(0, 10) ?? null]),
  );

describe('a journey’s last change', () => {
  it('is the same in the report’s table and the overview, for every journey of the demo city', async () => {
    store = openSqliteStore({ file: ':memory:' });
    await seedDemo(store, { now: '2026-11-25T00:00:00Z' });
    for (const period of ['2025-Q4', '2026-Q3']) {
      const overview = await overviewLastChanges(store, period);
      const report = await reportLastChanges(store, period);
      expect(report.size).toBeGreaterThanOrEqual(5);
      expect(report, period).toEqual(overview);
    }
  });

  it('is the one that happened last, not the one recorded last (a late entry does not move it back)', async () => {
    const b = ledgerBuilder('2025-11-01T09:00:00.000Z');
    b.journey('j1', 'JourneyCharted', charter('j1'));
    const change = (changeId: string, occurredAt: string) => ({
      changeId,
      whatChanged: `Change ${changeId}`,
      forWhom: 'Families',
      evidence: ['register'],
      occurredAt,
      question: 'better-off' as const,
    });
    b.journey('j1', 'ChangeReported', change('c-march', '2025-10-20'));
    // Recorded later, but it happened earlier: a late entry.
    b.journey('j1', 'ChangeReported', change('c-late', '2025-07-02'));
    store = openSqliteStore({ file: ':memory:' });
    await store.restore(b.events);
    expect(await reportLastChanges(store, '2025-Q4')).toEqual(new Map([['j1', '2025-10-20']]));
    expect(await overviewLastChanges(store, '2025-Q4')).toEqual(new Map([['j1', '2025-10-20']]));
  });
});
