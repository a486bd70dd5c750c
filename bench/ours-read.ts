import { type BenchConfig, type Measurement, MissingModule } from './harness.js';

// Filled in as projections/ and src/reports/ land.
export async function oursRebuild(_c: BenchConfig): Promise<Measurement> { throw new MissingModule('projections/runtime.ts', 'not built'); }
export async function oursReplay(_c: BenchConfig): Promise<Measurement> { throw new MissingModule('projections/replay.ts', 'not built'); }
export async function oursReport(_c: BenchConfig): Promise<Measurement> { throw new MissingModule('src/reports', 'not built'); }
