import { type BenchConfig, type Measurement, MissingModule } from './harness.js';

export async function httpFigure(_c: BenchConfig, _kind: string): Promise<Measurement> { throw new MissingModule('src/api', 'not built'); }
