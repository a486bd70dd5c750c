import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The bench's plumbing: every measurement (ours, a raw baseline, the peer) runs in its own child process, so
 * its peak RSS is its own and a missing or crashing module costs one cell of the table, not the run.
 */

/** One measured quantity: `value` in `unit`, the median of `samples` (after a warm-up that is not counted). */
export interface Measurement {
  value: number;
  unit: 'events/s' | 'req/s' | 'ms';
  samples: number[];
  /** Extra figures that come with it (p99 latency, errors, events counted…). */
  extra?: Record<string, number | string>;
  /** Peak resident set size of the process that measured it, in MB (filled in by the parent). */
  peakRssMb?: number;
}

/** What a task child answers: a measurement, or why nothing was measured. */
export type TaskResult =
  | { ok: true; measurement: Measurement; others?: Record<string, Measurement> }
  | { ok: false; missing?: string; error: string };

export interface BenchConfig {
  quick: boolean;
  /** Directory under os.tmpdir() holding every database of this run; removed at the end. */
  dir: string;
  /** The prepared ledger for rebuild, replay and report (written once, read by several tasks). */
  ledgerFile: string;
  journeys: number;
  eventsTotal: number;
  eventsPerJourney: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Runs `once` `warmups` times without counting, then `repeats` times, and returns the median.
 * `once` returns the value of one repetition (a rate or a duration), already in the measurement's unit.
 */
export async function repeatToMedian(
  once: (i: number) => Promise<number> | number,
  opts: { warmups: number; repeats: number; unit: Measurement['unit'] },
): Promise<Measurement> {
  for (let i = 0; i < opts.warmups; i++) await once(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < opts.repeats; i++) samples.push(await once(i));
  return { value: median(samples), unit: opts.unit, samples };
}

export const rate = (count: number, ms: number): number => (count * 1000) / ms;

/**
 * One timed repetition: the rate, and the CPU time per event (all threads of the process, user + system).
 * CPU per event does not include waiting for fsync, so it stays comparable when the disk's latency drifts.
 */
export interface Sample {
  rate: number;
  cpuUsPerEvent: number;
}
export function sampleOf(count: number, t0: number, cpu0: NodeJS.CpuUsage): Sample {
  const cpu = process.cpuUsage(cpu0);
  return { rate: rate(count, nowMs() - t0), cpuUsPerEvent: (cpu.user + cpu.system) / count };
}

export function makeRunDir(): string {
  return mkdtempSync(join(tmpdir(), 'journey-bench-'));
}

export function removeRunDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Removes a SQLite database and its WAL/shm side files. */
export function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}

const TASK_ENTRY = fileURLToPath(new URL('./task.js', import.meta.url));

/**
 * Runs one named task in a fresh child process and returns its result with the child's peak RSS.
 * A child that dies or times out becomes an error cell, never a crash of the bench.
 */
export function runTask(name: string, config: BenchConfig, timeoutMs: number): Promise<TaskResult> {
  return new Promise((resolve) => {
    const child = fork(TASK_ENTRY, [name], {
      // 8 GB of heap: a figure that needs more than the 1 GB target should still show how much it needs.
      execArgv: ['--expose-gc', '--max-old-space-size=8192'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (r: TaskResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.connected) child.disconnect();
      if (child.exitCode === null) child.kill();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `timed out after ${timeoutMs / 1000} s` }), timeoutMs);
    child.on('message', (m: unknown) => {
      const msg = m as { result?: TaskResult; maxRssKb?: number };
      if (!msg.result) return;
      const r = msg.result;
      if (r.ok && typeof msg.maxRssKb === 'number') {
        const mb = Math.round(msg.maxRssKb / 1024);
        for (const m of [r.measurement, ...Object.values(r.others ?? {})]) m.peakRssMb = mb;
      }
      finish(r);
    });
    child.on('error', (e) => finish({ ok: false, error: e.message }));
    child.on('exit', (code, signal) =>
      finish({
        ok: false,
        error: `task exited (${signal ?? code}) without a result${code === 134 || signal === 'SIGABRT' ? ': out of memory (8 GB heap)' : ''}`,
      }),
    );
    child.send({ config });
  });
}

/** Marks a module another helper is still writing: the table says "not measured: <module> missing". */
export class MissingModule extends Error {
  override readonly name = 'MissingModule';
  constructor(
    readonly module: string,
    detail: string,
  ) {
    super(`${module} missing (${detail})`);
  }
}

/**
 * Imports `relPath` (relative to the repository root, as compiled into dist/) and returns its export `name`,
 * or throws MissingModule. The path is computed so tsc does not require the module to exist when the bench
 * is built: the bench must still run while other parts of the product are being written.
 */
export async function importExport(relPath: string, name: string): Promise<unknown> {
  const url = new URL(`../${relPath}`, import.meta.url).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') throw new MissingModule(relPath.replace(/\.js$/, '.ts'), 'not built');
    throw e;
  }
  const value = mod[name];
  if (value === undefined) throw new MissingModule(relPath.replace(/\.js$/, '.ts'), `no export ${name}`);
  return value;
}

/** The same, for an export that must be a function (the caller states its signature). */
export async function importFunction<F>(relPath: string, name: string): Promise<F> {
  const value = await importExport(relPath, name);
  if (typeof value !== 'function') throw new MissingModule(relPath, `${name} is not a function`);
  return value as F;
}
