import { type BenchConfig, type Measurement, MissingModule, type TaskResult } from './harness.js';

/**
 * Child-process entry: `node task.js <name>`, receives the run's config over IPC, runs one measurement and
 * answers { result, maxRssKb }. One process per measurement, so each peak RSS belongs to one figure.
 */

/** A task measures one thing, or (interleaved figures) ours with its baselines: { ours, baseline, peer }. */
type Task = (config: BenchConfig) => Promise<Measurement | { ours: Measurement; [cell: string]: Measurement }>;

const tasks: Record<string, () => Promise<Task>> = {
  'prepare-ledger': async () => (await import('./prepare.js')).prepareLedger,
  'append-100': async () => {
    const m = await import('./append.js');
    return (c) => m.appendInterleaved(c, 100);
  },
  'append-1': async () => {
    const m = await import('./append.js');
    return (c) => m.appendInterleaved(c, 1);
  },
  'raw-read-parse': async () => (await import('./raw.js')).rawReadParse,
  'peer-read': async () => (await import('./peer.js')).peerRead,
  'ours-rebuild': async () => (await import('./ours-read.js')).oursRebuild,
  'ours-replay': async () => (await import('./ours-read.js')).oursReplay,
  'ours-report': async () => (await import('./ours-read.js')).oursReport,
  'ours-inclusion-proof': async () => (await import('./ours-tree.js')).oursInclusionProof,
  'http-ours-write': async () => {
    const m = await import('./http.js');
    return (c) => m.httpFigure(c, 'ours-write');
  },
  'http-bare-write': async () => {
    const m = await import('./http.js');
    return (c) => m.httpFigure(c, 'express-write');
  },
  'http-ours-read': async () => {
    const m = await import('./http.js');
    return (c) => m.httpFigure(c, 'ours-read');
  },
  'http-express-read': async () => {
    const m = await import('./http.js');
    return (c) => m.httpFigure(c, 'express-read');
  },
  'http-node-read': async () => {
    const m = await import('./http.js');
    return (c) => m.httpFigure(c, 'node-read');
  },
};

async function run(name: string, config: BenchConfig): Promise<TaskResult> {
  const load = tasks[name];
  if (!load) return { ok: false, error: `unknown task ${name}` };
  try {
    const out = await (await load())(config);
    if ('ours' in out) {
      const { ours, ...others } = out;
      return { ok: true, measurement: ours, others };
    }
    return { ok: true, measurement: out };
  } catch (e) {
    if (e instanceof MissingModule) return { ok: false, missing: e.module, error: e.message };
    const err = e instanceof Error ? e : new Error(String(e));
    return { ok: false, error: `${err.name}: ${err.message}`.slice(0, 300) };
  }
}

const name = process.argv[2] ?? '';
process.once('message', (m: unknown) => {
  const { config } = m as { config: BenchConfig };
  void run(name, config).then((result) => {
    process.send?.({ result, maxRssKb: process.resourceUsage().maxRSS }, () => process.exit(0));
  });
});
