import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { makeRunDir, nowMs, removeRunDir } from './harness.js';
import { oursAppendOnce } from './ours-append.js';

/**
 * Profiling aid, not a figure: runs one piece of work under `node --cpu-prof` and prints where the time went.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/profile.js append-100      (or append-1)
 *   node dist/bench/profile.js summary /tmp/prof                                     (self and inclusive time)
 *
 * The HTTP paths: our server in this process (as the HTTP figures start it), autocannon forked (not profiled):
 *   node dist/bench/profile.js http-write 10 /tmp/prof       (or http-read; seconds; the profile covers the load only)
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
  if (what === 'http-write' || what === 'http-read') {
    await profileHttp(what === 'http-write' ? 'write' : 'read', Number(arg || 10), process.argv[4]);
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
    'usage: profile.js append-100 | append-1 | http-write [s] | http-read [s] | rebuild <dir> | replay <dir> | report <dir> | summary <profile dir>\n',
  );
  process.exitCode = 2;
}

/** The HTTP figure's load (50 connections over 100 journeys) against our server for `seconds`, after a warm-up. */
async function profileHttp(kind: 'write' | 'read', seconds: number, profileDir?: string): Promise<void> {
  const { CHANGE_BODY, CONNECTIONS, runLoad } = await import('./http.js');
  const { startOurServer } = await import('./ours-http.js');
  const dir = makeRunDir();
  const config = {
    quick: true,
    dir,
    ledgerFile: join(dir, 'ledger.db'),
    journeys: 0,
    eventsPerJourney: 0,
    eventsTotal: 0,
  };
  const server = await startOurServer(config, kind);
  try {
    const load = (durationS: number) =>
      runLoad({
        url: server.url,
        method: kind === 'write' ? 'POST' : 'GET',
        paths: server.paths,
        connections: CONNECTIONS,
        durationS,
        headers: kind === 'write' ? { ...server.headers, 'content-type': 'application/json' } : server.headers,
        ...(kind === 'write' ? { body: CHANGE_BODY } : {}),
      });
    await load(1);
    // Seeding and warm-up stay out of the profile: it covers the measured load only.
    const session = new Session();
    session.connect();
    const post = <T>(method: string): Promise<T> =>
      new Promise((resolve, reject) => session.post(method, (e, r) => (e ? reject(e) : resolve(r as T))));
    if (profileDir) await post('Profiler.enable').then(() => post('Profiler.start'));
    const r = await load(seconds);
    if (profileDir) {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, `http-${kind}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    session.disconnect();
    process.stdout.write(
      `http-${kind}: ${Math.round(r.requestsPerS)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.non2xx + r.errors} failed\n`,
    );
  } finally {
    await server.close();
    removeRunDir(dir);
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
