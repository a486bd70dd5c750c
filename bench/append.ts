import { join } from 'node:path';
import { type BenchConfig, median, type Measurement, type Sample } from './harness.js';
import { oursAppendOnce } from './ours-append.js';
import { peerAppendOnce } from './peer.js';
import { appendSizes, rawAppendOnce } from './raw.js';

/**
 * The append figures are bound by fsync, and fsync latency on a shared machine drifts by an order of
 * magnitude from one minute to the next. So ours, the raw floor and Emmett run interleaved in one process,
 * round after round (the order rotating each round), and each takes the median of its rounds: the three
 * always see the same disk. Peak RSS is that process's, shared by the three.
 */
export async function appendInterleaved(
  config: BenchConfig,
  batchSize: number,
): Promise<{ ours: Measurement; baseline: Measurement; peer: Measurement }> {
  const sizes = appendSizes(config);
  const count = batchSize === 1 ? sizes.singleEvents : sizes.batchEvents;
  const runners: Record<'ours' | 'baseline' | 'peer', (seed: number) => Promise<Sample> | Sample> = {
    ours: (seed) => oursAppendOnce(join(config.dir, 'append-ours.db'), count, batchSize, seed),
    baseline: (seed) => rawAppendOnce(join(config.dir, 'append-raw.db'), count, batchSize, seed),
    peer: (seed) => peerAppendOnce(join(config.dir, 'append-peer.db'), count, batchSize, seed),
  };
  const names = Object.keys(runners) as (keyof typeof runners)[];
  const samples: Record<keyof typeof runners, Sample[]> = { ours: [], baseline: [], peer: [] };
  for (let round = -1; round < sizes.repeats; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + Math.max(round, 0)) % names.length]!;
      const v = await runners[name](round + 10);
      if (round >= 0) samples[name].push(v); // round -1 is the warm-up
    }
  }
  const m = (s: Sample[]): Measurement => ({
    value: median(s.map((x) => x.rate)),
    unit: 'events/s',
    samples: s.map((x) => x.rate),
    extra: {
      events: count,
      batchSize,
      interleaved: 'yes',
      cpuUsPerEvent: Number(median(s.map((x) => x.cpuUsPerEvent)).toFixed(1)),
    },
  });
  return { ours: m(samples.ours), baseline: m(samples.baseline), peer: m(samples.peer) };
}
