import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRunDir, nowMs, removeRunDir } from './harness.js';
import { oursAppendOnce } from './ours-append.js';

/**
 * Profiling aid, not a figure: runs one piece of work under `node --cpu-prof` and prints where the time went.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/profile.js append-100      (or append-1)
 *   node dist/bench/profile.js summary /tmp/prof                                     (self and inclusive time)
 *
 * Rebuild, replay and report are profiled the same way on a ledger kept by `npm run bench -- --quick --keep`:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/profile.js rebuild /tmp/journey-bench-XXXX
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function summary(dir: string): void {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .pop();
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode): string =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const n = byId.get(id);
    if (!n) return;
    self.set(name(n), (self.get(name(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur)!);
      if (!seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
      }
    }
  });
  const print = (title: string, m: Map<string, number>): void => {
    process.stdout.write(`${title} (of ${(total / 1000).toFixed(0)} ms)\n`);
    for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
      process.stdout.write(
        `${(t / 1000).toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}\n`,
      );
    }
  };
  print('self time', self);
  print('inclusive time', inclusive);
}

async function main(): Promise<void> {
  const [what = '', arg = ''] = process.argv.slice(2);
  if (what === 'summary') {
    summary(arg);
    return;
  }
  if (what === 'append-100' || what === 'append-1') {
    const dir = makeRunDir();
    const batch = what === 'append-100' ? 100 : 1;
    const r = await oursAppendOnce(join(dir, 'profile.db'), batch === 100 ? 50_000 : 2_000, batch, 1);
    process.stdout.write(`${what}: ${Math.round(r.rate)} events/s, ${r.cpuUsPerEvent.toFixed(1)} µs CPU per event\n`);
    removeRunDir(dir);
    return;
  }
  if (what === 'rebuild' || what === 'replay' || what === 'report') {
    const config = {
      quick: true,
      dir: arg,
      ledgerFile: join(arg, 'ledger.db'),
      journeys: 0,
      eventsPerJourney: 0,
      eventsTotal: 0,
    };
    const m = await import('./ours-read.js');
    const t0 = nowMs();
    const run = what === 'rebuild' ? m.oursRebuild : what === 'replay' ? m.oursReplay : m.oursReport;
    const r = await run(config);
    process.stdout.write(`${what}: ${Math.round(r.value)} ${r.unit} (median), ${Math.round(nowMs() - t0)} ms in all\n`);
    return;
  }
  process.stderr.write(
    'usage: profile.js append-100 | append-1 | rebuild <dir> | replay <dir> | report <dir> | summary <profile dir>\n',
  );
  process.exitCode = 2;
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
