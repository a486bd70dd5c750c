import type { BenchConfig } from './harness.js';
import { MissingModule } from './harness.js';
import type { RunningServer } from './http.js';

/** Our API server for the HTTP figures: filled in when src/api lands. */
export async function startOurServer(_config: BenchConfig, _kind: 'write' | 'read'): Promise<RunningServer> {
  throw new MissingModule('src/api', 'no server yet');
}
