import type { EventStore } from '../src/store/port.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { type BenchConfig, importFunction, type Measurement, nowMs, repeatToMedian } from './harness.js';
import { readLedgerInfo } from './prepare.js';

/**
 * The quarterly report of the last ended quarter (2026-Q3 for the demo's "now", 2026-11-25) for every journey
 * of the prepared ledger, as `journey report 2026-Q3` makes it: the report model from every event (one paged pass
 * over the whole ledger: the digest needs every stream's head) and its HTML and Markdown.
 * Nothing is published, so each repetition does the same work.
 */
export const REPORT_PERIOD = '2026-Q3';

interface ReportModel {
  journeys: unknown[];
}
type BuildReport = (store: EventStore, period: string, treeSize?: number) => Promise<ReportModel>;
type RenderReport = (model: ReportModel) => { name: string; sha256: string }[];

export async function oursReportOnce(config: BenchConfig): Promise<Measurement> {
  const buildReport = await importFunction<BuildReport>('src/reports/model.js', 'buildReport');
  const renderReport = await importFunction<RenderReport>('src/reports/render.js', 'renderReport');
  const info = readLedgerInfo(config);
  const store = openSqliteStore({ file: config.ledgerFile, checkpointMs: 0 });
  const { treeSize } = await store.tree.treeHead();
  let journeys = 0;
  let files = 0;
  let buildMs = 0;
  const m = await repeatToMedian(
    async () => {
      const t0 = nowMs();
      const model = await buildReport(store, REPORT_PERIOD, treeSize);
      buildMs = nowMs() - t0;
      files = renderReport(model).length;
      journeys = model.journeys.length;
      return nowMs() - t0;
    },
    { warmups: 1, repeats: 3, unit: 'ms' },
  );
  await store.close();
  if (journeys === 0) throw new Error(`the ${REPORT_PERIOD} report has no journey`);
  return {
    ...m,
    extra: { period: REPORT_PERIOD, journeys, events: info.events, files, lastBuildMs: Math.round(buildMs) },
  };
}
