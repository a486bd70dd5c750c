import Database from 'better-sqlite3';
import { checkpointsFor, DEFAULT_CHECKPOINT_INTERVAL } from '../projections/checkpoints.js';
import { ledgerContext, liveContext, type ReadSources } from '../projections/contexts.js';
import { overviewAnswer } from '../projections/read-model.js';
import { startProjections } from '../projections/runtime.js';
import { reportFolder } from '../src/reports/model.js';
import { renderReport } from '../src/reports/render.js';
import { mulberry32 } from '../src/demo/prng.js';
import { COLUMNS } from '../src/store/sqlite-schema.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { type BenchConfig, type Measurement, nowMs, repeatToMedian } from './harness.js';
import { REPORT_PERIOD } from './ours-report.js';
import { DEMO_NOW, readLedgerInfo } from './prepare.js';

/**
 * The figures checkpoints make (docs/decisions.md, "Checkpoints"): start-up on a ledger with saved checkpoints
 * beside the full rebuild, and the city overview as of a past instant beside its baseline, the live overview plus a
 * raw read and parse of one checkpoint interval's rows. Each task writes the checkpoints first, as a running server
 * does, into a copy of the prepared ledger (the other figures read the ledger without them).
 */

const clock = { now: () => new Date(DEMO_NOW) };

function copyOfLedger(config: BenchConfig, name: string): string {
  const file = `${config.dir}/${name}.db`;
  const db = new Database(config.ledgerFile, { readonly: true });
  db.exec(`VACUUM INTO '${file.replace(/'/g, "''")}'`);
  db.close();
  return file;
}

/** A runtime over the whole ledger that saves every checkpoint; resolves once they are all saved. */
async function withCheckpoints(file: string): Promise<{ ms: number; saved: number }> {
  const store = openSqliteStore({ file, checkpointMs: 0 });
  const checkpoints = checkpointsFor(store)!;
  const t0 = nowMs();
  const runtime = startProjections(store, { checkpoints });
  await runtime.ready;
  const ms = nowMs() - t0;
  const expected = Math.floor(runtime.folded() / checkpoints.interval);
  while (store.checkpoints.list(checkpoints.version).length < expected) await new Promise((r) => setTimeout(r, 10));
  runtime.stop();
  await store.close();
  return { ms, saved: expected };
}

/** Start-up with saved checkpoints (store open to runtime ready, what /readyz waits for) beside a full rebuild. */
export async function oursStartup(config: BenchConfig): Promise<{ ours: Measurement; baseline: Measurement }> {
  const file = copyOfLedger(config, 'startup');
  const first = await withCheckpoints(file);
  let tailEvents = 0;
  let timelineMs = 0;
  const startup = await repeatToMedian(
    async () => {
      const t0 = nowMs();
      const store = openSqliteStore({ file, checkpointMs: 0 });
      const runtime = startProjections(store, { checkpoints: checkpointsFor(store) });
      await runtime.ready;
      const ms = nowMs() - t0;
      tailEvents = runtime.folded();
      await runtime.complete;
      timelineMs = nowMs() - t0;
      runtime.stop();
      await store.close();
      return ms;
    },
    { warmups: 1, repeats: 3, unit: 'ms' },
  );
  const rebuild = await repeatToMedian(
    async () => {
      const store = openSqliteStore({ file, checkpointMs: 0 });
      const t0 = nowMs();
      const runtime = startProjections(store);
      await runtime.ready;
      const ms = nowMs() - t0;
      runtime.stop();
      await store.close();
      return ms;
    },
    { warmups: 0, repeats: 3, unit: 'ms' },
  );
  return {
    ours: {
      ...startup,
      extra: {
        tailEventsFolded: tailEvents,
        checkpointsSaved: first.saved,
        firstRunWithCheckpointsMs: Math.round(first.ms),
        timelineCompleteMs: Math.round(timelineMs),
      },
    },
    baseline: rebuild,
  };
}

/**
 * The overview as of a past instant: random instants across the ledger's whole span, each read through the
 * server's path (ledgerContext: nearest checkpoint + at most one interval), answered. Baseline, in the same
 * process: the live overview's latency plus a raw read and JSON.parse of one interval's rows.
 */
export async function oursAsOfOverview(config: BenchConfig): Promise<{ ours: Measurement; baseline: Measurement }> {
  const file = copyOfLedger(config, 'asof');
  await withCheckpoints(file);
  const info = readLedgerInfo(config);
  const store = openSqliteStore({ file, checkpointMs: 0 });
  const checkpoints = checkpointsFor(store)!;
  const runtime = startProjections(store, { checkpoints });
  await runtime.ready;
  await runtime.complete;
  const sources: ReadSources = { store, runtime, clock };
  const db = new Database(file, { readonly: true });
  const first = Date.parse(
    db.prepare<[], { r: string }>('SELECT recorded_at AS r FROM events ORDER BY position LIMIT 1').get()!.r,
  );
  const last = Date.parse(info.lastRecordedAt);
  const random = mulberry32(11);
  let journeys = 0;
  const asOf = await repeatToMedian(
    async () => {
      const instant = new Date(first + random.next() * (last - first)).toISOString();
      const t0 = nowMs();
      journeys = overviewAnswer(await ledgerContext(sources, { asOf: instant })).journeys.length;
      return nowMs() - t0;
    },
    { warmups: 3, repeats: config.quick ? 15 : 25, unit: 'ms' },
  );
  const live = await repeatToMedian(
    async () => {
      const t0 = nowMs();
      overviewAnswer(await liveContext(sources));
      return nowMs() - t0;
    },
    { warmups: 3, repeats: 15, unit: 'ms' },
  );
  const rows = db
    .prepare<[number, number], unknown[]>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`)
    .raw(true);
  const DATA = 10;
  const interval = checkpoints.interval;
  const rawInterval = await repeatToMedian(
    () => {
      const after = Math.floor(random.next() * Math.max(1, info.events - interval));
      const t0 = nowMs();
      let keys = 0;
      for (const r of rows.all(after, interval)) keys += Object.keys(JSON.parse(r[DATA] as string) as object).length;
      if (keys === 0) throw new Error('parsed nothing');
      return nowMs() - t0;
    },
    { warmups: 3, repeats: 15, unit: 'ms' },
  );
  db.close();
  runtime.stop();
  await store.close();
  const baseline = live.value + rawInterval.value;
  return {
    ours: { ...asOf, extra: { journeys, interval, defaultInterval: DEFAULT_CHECKPOINT_INTERVAL } },
    baseline: {
      value: baseline,
      unit: 'ms',
      samples: [baseline],
      extra: { liveOverviewMs: Number(live.value.toFixed(2)), rawIntervalMs: Number(rawInterval.value.toFixed(2)) },
    },
  };
}

/**
 * The report from a running server (warm): a runtime with saved checkpoints, as `journey serve` has; each
 * repetition makes the model from its checkpoints and live stream heads (model.ts reportFolder with the runtime:
 * one interval and the quarter's events read, no ledger scan) and renders it.
 */
export async function oursReportWarm(config: BenchConfig): Promise<Measurement> {
  const file = copyOfLedger(config, 'warm');
  await withCheckpoints(file);
  const store = openSqliteStore({ file, checkpointMs: 0 });
  const runtime = startProjections(store, { checkpoints: checkpointsFor(store) });
  await runtime.ready;
  await runtime.complete;
  const folder = reportFolder(store, REPORT_PERIOD, runtime);
  let journeys = 0;
  const m = await repeatToMedian(
    async () => {
      const t = nowMs();
      const model = await folder.report();
      renderReport(model);
      journeys = model.journeys.length;
      return nowMs() - t;
    },
    { warmups: 2, repeats: config.quick ? 9 : 15, unit: 'ms' },
  );
  runtime.stop();
  await store.close();
  if (journeys === 0) throw new Error(`the ${REPORT_PERIOD} report has no journey`);
  return { ...m, extra: { period: REPORT_PERIOD, journeys } };
}
