import Database from 'better-sqlite3';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { EventStore } from '../src/store/port.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { type BenchConfig, importFunction, type Measurement, MissingModule, nowMs, removeDb } from './harness.js';
import { writeSyntheticLedger } from './ledger.js';

/**
 * Writes the scaled ledger the read figures share (rebuild, as-of replay, report, raw read + parse):
 * the demo city (src/demo) at `journeys` journeys and about `eventsTotal` events, through store.restore;
 * the bench's own synthetic ledger when the demo generator is not there. Not a figure: its "value" is the
 * time it took. Beside the database it leaves ledger.json: which journeys it holds and the busiest one.
 */

/** The demo's "now": fixed, so every run builds the same city. */
export const DEMO_NOW = '2026-11-25T00:00:00.000Z';

export interface LedgerInfo {
  source: string;
  events: number;
  journeyIds: string[];
  /** The journey with the most events (its own stream), for the as-of replay. */
  busiest: { journeyId: string; events: number };
  /** An instant in the last quarter of the ledger: replays cut there. */
  asOf: string;
  lastRecordedAt: string;
}

type SeedDemo = (
  store: EventStore,
  options: { now: string; journeys: number; years: number; seed: number; events: number },
) => Promise<{ written: number }>;

export const ledgerInfoFile = (config: BenchConfig): string => config.ledgerFile.replace(/\.db$/, '.json');
export const readLedgerInfo = (config: BenchConfig): LedgerInfo =>
  JSON.parse(readFileSync(ledgerInfoFile(config), 'utf8')) as LedgerInfo;

export async function prepareLedger(config: BenchConfig): Promise<Measurement> {
  const t0 = nowMs();
  removeDb(config.ledgerFile);
  let source = 'demo city (src/demo, seedDemo through store.restore)';
  try {
    const seedDemo = await importFunction<SeedDemo>('src/demo/index.js', 'seedDemo');
    const store = openSqliteStore({ file: config.ledgerFile });
    await seedDemo(store, { now: DEMO_NOW, journeys: config.journeys, years: 6, seed: 1, events: config.eventsTotal });
    await store.close();
  } catch (e) {
    if (!(e instanceof MissingModule)) throw e;
    source = `bench synthetic ledger (${e.message})`;
    writeSyntheticLedger(config.ledgerFile, config.journeys, config.eventsPerJourney);
  }
  const ms = nowMs() - t0;
  const db = new Database(config.ledgerFile, { readonly: true });
  const events = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events').get()?.n ?? 0;
  const streams = db
    .prepare<[], { stream_id: string; n: number }>(
      "SELECT stream_id, COUNT(*) AS n FROM events WHERE stream_id LIKE 'journey-%' GROUP BY stream_id ORDER BY n DESC",
    )
    .all();
  const last = db
    .prepare<[], { recorded_at: string }>('SELECT recorded_at FROM events ORDER BY position DESC LIMIT 1')
    .get();
  db.close();
  const top = streams[0];
  if (!top || !last) throw new Error('the prepared ledger holds no journey');
  const lastMs = Date.parse(last.recorded_at);
  const info: LedgerInfo = {
    source,
    events,
    journeyIds: streams.map((s) => s.stream_id.slice('journey-'.length)),
    busiest: { journeyId: top.stream_id.slice('journey-'.length), events: top.n },
    asOf: new Date(lastMs - 45 * 86_400_000).toISOString(),
    lastRecordedAt: last.recorded_at,
  };
  writeFileSync(ledgerInfoFile(config), JSON.stringify(info));
  return {
    value: ms,
    unit: 'ms',
    samples: [ms],
    extra: {
      events,
      source,
      journeys: streams.length,
      busiestJourneyEvents: top.n,
      sizeMb: Math.round(statSync(config.ledgerFile).size / 1e6),
    },
  };
}
