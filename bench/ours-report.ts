import { type BenchConfig, type Measurement, MissingModule } from './harness.js';

/** The quarterly report figure: filled in when src/reports has its entry point. */
export async function oursReportOnce(_config: BenchConfig): Promise<Measurement> {
  throw new MissingModule('src/reports', 'no report entry point yet');
}
