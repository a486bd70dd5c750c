import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Cells, FIGURES } from './figures.js';
import { type BenchConfig, makeRunDir, removeRunDir, runTask, type TaskResult } from './harness.js';
import { type FigureOutcome, fmtValue, renderTable } from './table.js';

/**
 * `npm run bench [-- --quick] [-- --only append-batch,rebuild] [-- --keep]`
 *
 * Every figure of docs/performance.md beside its baseline measured in this same run, each in its own child process
 * (peak RSS per figure). Full run: 100 journeys × 10,000 events = 1,000,000 events; --quick: a tenth
 * (10 journeys × 10,000 events, so one journey still has 10,000 events for the as-of replay).
 * Writes bench/results.json (bench/results-quick.json for --quick, so a quick check never overwrites the
 * full figures).
 */

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const keep = args.includes('--keep');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg
  ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : (args[args.indexOf(onlyArg) + 1] ?? '')).split(',')
  : null;

const dir = makeRunDir();
const journeys = quick ? 10 : 100;
const eventsPerJourney = 10_000;
const config: BenchConfig = {
  quick,
  dir,
  ledgerFile: join(dir, 'ledger.db'),
  journeys,
  eventsPerJourney,
  eventsTotal: journeys * eventsPerJourney,
};
const TIMEOUT_MS = quick ? 90_000 : 900_000;

const log = (s: string): void => {
  process.stderr.write(`${s}\n`);
};

async function task(name: string): Promise<TaskResult> {
  const t0 = Date.now();
  const r = await runTask(name, config, TIMEOUT_MS);
  log(
    `  ${name.padEnd(18)} ${fmtValue(r).padEnd(28)} ${r.ok ? `${r.measurement.peakRssMb ?? '?'} MB` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  return r;
}

function machine(): Record<string, string | number> {
  const c = cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  return {
    cpus: c.length,
    model: c[0]?.model ?? 'unknown',
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    commit,
  };
}

async function main(): Promise<void> {
  const started = new Date();
  const loadAtStart = loadavg()[0]!;
  const figures = FIGURES.filter((f) => only === null || only.includes(f.key));
  log(
    `journey-ledger bench (${quick ? 'quick' : 'full'}): ${config.eventsTotal.toLocaleString('en-GB')} events, ${journeys} journeys; temp dir ${dir}`,
  );
  const needsLedger = figures.some((f) => ['rebuild', 'replay', 'report', 'inclusion-proof'].includes(f.key));
  let prepared: TaskResult | null = null;
  if (needsLedger) {
    log('preparing the scaled ledger…');
    prepared = await task('prepare-ledger');
  }
  const outcomes: FigureOutcome[] = [];
  for (const def of figures) {
    log(`${def.label}:`);
    const needs =
      ['rebuild', 'replay', 'report', 'inclusion-proof'].includes(def.key) && prepared !== null && !prepared.ok;
    const skipped: TaskResult = { ok: false, error: 'the scaled ledger could not be prepared' };
    if (def.together) {
      const r = await task(def.ours);
      const cell = (k: string): TaskResult =>
        !r.ok ? r : r.others?.[k] ? { ok: true, measurement: r.others[k]! } : { ok: false, error: `no ${k}` };
      const cells: Cells = { ours: r, baseline: cell('baseline'), peer: cell('peer'), extraBaselines: [] };
      outcomes.push({ def, cells, judgement: def.judge(cells, config) });
      continue;
    }
    const cells: Cells = {
      baseline: def.baseline ? (needs ? skipped : await task(def.baseline.task)) : undefined,
      peer: def.peer ? await task(def.peer) : undefined,
      ours: needs ? skipped : await task(def.ours),
      extraBaselines: [],
    };
    for (const x of def.extraBaselines ?? [])
      cells.extraBaselines!.push({ label: x.label, result: await task(x.task) });
    outcomes.push({ def, cells, judgement: def.judge(cells, config) });
  }
  const table = renderTable(outcomes, config);
  const m = machine();
  process.stdout.write(
    `\n${quick ? 'Quick run (a tenth of the data)' : 'Full run'}, ${started.toISOString().slice(0, 10)}: ${m.cpus} × ${m.model}, ` +
      `${m.memGb} GB, Node ${m.node}, load average ${loadAtStart.toFixed(1)} at start and ${loadavg()[0]!.toFixed(1)} at end.\n\n${table}\n\n`,
  );
  const results = {
    mode: quick ? 'quick' : 'full',
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    machine: machine(),
    // Other work on the machine during the run (1-minute load average; the machine has machine.cpus cores).
    load: { atStart: Number(loadAtStart.toFixed(2)), atEnd: Number(loadavg()[0]!.toFixed(2)) },
    data: {
      journeys,
      eventsPerJourney,
      eventsTotal: config.eventsTotal,
      ledger: prepared?.ok ? prepared.measurement.extra : null,
    },
    figures: outcomes.map(({ def, cells, judgement }) => ({
      key: def.key,
      figure: def.label,
      target: def.target(config),
      met: judgement.met,
      why: judgement.why,
      ours: cells.ours,
      baseline: def.baseline ? { label: def.baseline.label, ...cells.baseline } : null,
      peer: def.peer ? { label: 'Emmett SQLite 0.38.5', ...cells.peer } : null,
      extraBaselines: cells.extraBaselines,
    })),
    table,
  };
  const out = fileURLToPath(new URL(`../../bench/results${quick ? '-quick' : ''}.json`, import.meta.url));
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${out}`);
}

main()
  .catch((e: unknown) => {
    log(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (keep) log(`kept ${dir}`);
    else removeRunDir(dir);
  });
