import { statSync } from 'node:fs';
import { type BenchConfig, type Measurement, nowMs } from './harness.js';
import { writeSyntheticLedger } from './ledger.js';

/**
 * Writes the scaled ledger the read figures share (rebuild, as-of replay, report, raw read + parse):
 * `journeys` journeys of `eventsPerJourney` events each. Not a figure: its "value" is the time it took.
 */
export async function prepareLedger(config: BenchConfig): Promise<Measurement> {
  const t0 = nowMs();
  const events = writeSyntheticLedger(config.ledgerFile, config.journeys, config.eventsPerJourney);
  const ms = nowMs() - t0;
  return {
    value: ms, unit: 'ms', samples: [ms],
    extra: { events, source: 'bench synthetic ledger', sizeMb: Math.round(statSync(config.ledgerFile).size / 1e6) },
  };
}
