import Database from 'better-sqlite3';
import type { EventStore } from '../src/store/port.js';
import { COLUMNS } from '../src/store/sqlite-schema.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { type BenchConfig, importFunction, type Measurement, nowMs, rate, repeatToMedian } from './harness.js';
import { type LedgerInfo, readLedgerInfo } from './prepare.js';
import { oursReportOnce } from './ours-report.js';

/**
 * Our read figures on the prepared ledger: rebuild every projection (the RxJS runtime's catch-up, what
 * `journey rebuild` and a starting server do), and the as-of replay of the busiest journey. Modules are
 * imported by path so the bench still runs, and says what is missing, while they are being written.
 */

interface Runtime {
  ready: Promise<void>;
  folded(): number;
  failures(): readonly unknown[];
  timings(): Readonly<Record<string, number>>;
  stop(): void;
}
type StartProjections = (store: EventStore, options?: { pageSize?: number }) => Runtime;
type Cut = { asOf: string };
interface Replayed {
  states: unknown;
  events: number;
  failures: unknown[];
}
type ReplayJourney = (
  store: EventStore,
  journeyId: string,
  cut: Cut | null,
  options?: { indicatorIds?: Iterable<string> },
) => Promise<Replayed>;
type Answer = (
  ctx: { states: unknown; referenceDay: string; asOf: string; at: string | null },
  journeyId: string,
) => unknown;

export async function oursRebuild(config: BenchConfig): Promise<Measurement> {
  const startProjections = await importFunction<StartProjections>('projections/runtime.js', 'startProjections');
  const store = openSqliteStore({ file: config.ledgerFile, checkpointMs: 0 });
  const info = readLedgerInfo(config);
  let failures = 0;
  let timings: Record<string, number> = {};
  const m = await repeatToMedian(
    async () => {
      const t0 = nowMs();
      const runtime = startProjections(store);
      await runtime.ready;
      const ms = nowMs() - t0;
      if (runtime.folded() !== info.events)
        throw new Error(`rebuild folded ${runtime.folded()} of ${info.events} events`);
      failures = runtime.failures().length;
      timings = Object.fromEntries(Object.entries(runtime.timings()).map(([k, v]) => [`${k}Ms`, Math.round(v)]));
      runtime.stop();
      return rate(info.events, ms);
    },
    { warmups: config.quick ? 1 : 0, repeats: 3, unit: 'events/s' },
  );
  await store.close();
  return { ...m, extra: { events: info.events, projectionFailures: failures, ...timings } };
}

/** Indicators whose definition names the journey (found only in indicator streams), as the runtime's indicatorsOf would. */
function indicatorsOf(file: string, journeyId: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare<[string], { stream_id: string }>(
      `SELECT DISTINCT stream_id FROM events, json_each(events.data, '$.journeyIds') AS j
     WHERE events.type = 'IndicatorDefined' AND j.value = ?`,
    )
    .all(journeyId);
  db.close();
  return rows.map((r) => r.stream_id.slice('indicator-'.length));
}

/**
 * As-of replay of the busiest journey (about 10,000 events in its stream), cut 45 days before the ledger's
 * last event: read its stream and its indicators' streams, fold, and answer its progress and audit trail
 * (what the scrutiny replay page shows). Warm: the median of 15 after 3 warm-ups.
 */
export async function oursReplay(config: BenchConfig): Promise<Measurement> {
  const replayJourney = await importFunction<ReplayJourney>('projections/replay.js', 'replayJourney');
  const progressAnswer = await importFunction<Answer>('projections/read-model.js', 'progressAnswer');
  const auditAnswer = await importFunction<Answer>('projections/read-model.js', 'auditAnswer');
  const info: LedgerInfo = readLedgerInfo(config);
  const journeyId = info.busiest.journeyId;
  const indicatorIds = indicatorsOf(config.ledgerFile, journeyId);
  const store = openSqliteStore({ file: config.ledgerFile, checkpointMs: 0 });
  const cut = { asOf: info.asOf };
  let events = 0;
  const m = await repeatToMedian(
    async () => {
      const t0 = nowMs();
      const r = await replayJourney(store, journeyId, cut, { indicatorIds });
      const ctx = { states: r.states, referenceDay: info.asOf.slice(0, 10), asOf: info.asOf, at: null };
      if (progressAnswer(ctx, journeyId) === null || auditAnswer(ctx, journeyId) === null)
        throw new Error(`journey ${journeyId} not found in its replay`);
      events = r.events;
      return nowMs() - t0;
    },
    { warmups: 3, repeats: config.quick ? 9 : 15, unit: 'ms' },
  );
  await store.close();
  return {
    ...m,
    extra: {
      journeyId,
      journeyStreamEvents: info.busiest.events,
      eventsFolded: events,
      indicators: indicatorIds.length,
      asOf: info.asOf,
    },
  };
}

/**
 * The as-of replay's floor: raw better-sqlite3 reads of the rows the replay reads (the journey's stream and its
 * indicators' streams, up to the cut's position), with JSON.parse of each payload.
 */
export async function rawJourneyRead(config: BenchConfig): Promise<Measurement> {
  const info: LedgerInfo = readLedgerInfo(config);
  const journeyId = info.busiest.journeyId;
  const streams = [`journey-${journeyId}`, ...indicatorsOf(config.ledgerFile, journeyId).map((i) => `indicator-${i}`)];
  const db = new Database(config.ledgerFile, { readonly: true });
  const to =
    db.prepare<[string], { p: number }>('SELECT MAX(position) AS p FROM events WHERE recorded_at <= ?').get(info.asOf)
      ?.p ?? 0;
  const read = db
    .prepare<[string, number], unknown[]>(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND position <= ? ORDER BY revision`,
    )
    .raw(true);
  let rows = 0;
  const m = await repeatToMedian(
    () => {
      const t0 = nowMs();
      rows = 0;
      for (const s of streams)
        for (const r of read.all(s, to)) {
          JSON.parse(r[10] as string);
          rows += 1;
        }
      return nowMs() - t0;
    },
    { warmups: 3, repeats: config.quick ? 9 : 15, unit: 'ms' },
  );
  db.close();
  return { ...m, extra: { rows, streams: streams.length } };
}

export async function oursReport(config: BenchConfig): Promise<Measurement> {
  return oursReportOnce(config);
}
