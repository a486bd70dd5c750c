import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { issueToken, startServer, tempDir, type ServerProcess } from '../support/server-process.js';

/**
 * A bounded soak of `journey serve`: autocannon drives a mix of writes (lessons, changes) and reads
 * (progress, journey, overview) over loopback while the server's RSS (from /proc) and the WAL file's size are
 * sampled. Used by soak.test.ts (a few seconds, in the suite) and by soak-long.ts (60 s, by hand).
 * With `sigtermAfterMs`, the server is sent SIGTERM while the load runs (graceful shutdown under load).
 */
export interface SoakOptions {
  seconds: number;
  connections?: number;
  sigtermAfterMs?: number;
  log?: (line: string) => void;
}
export interface SoakFigures {
  seconds: number;
  connections: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
  acknowledgedWrites: number;
  lostWrites: number;
  eventsStored: number;
  verifyOk: boolean;
  exitCode: number | null | undefined;
  rssMb: number[];
  rssStartMb: number;
  rssPeakMb: number;
  rssSecondQuarterMb: number;
  rssLastQuarterMb: number;
  walPeakMb: number;
  walEndMb: number;
  p99Ms: number;
  requestsPerSec: number;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const rssOf = (pid: number | undefined): number => {
  if (!pid) return 0;
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};
const peak = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const connections = options.connections ?? 20;
  const tmp = tempDir('soak');
  const file = join(tmp.dir, 'ledger.db');
  let server: ServerProcess | undefined;
  try {
    const { token } = await issueToken(file, 'contributor', 'Soak tester');
    server = await startServer({ file });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const setup = async (path: string, body: unknown) => {
      const r = await fetch(`${(server as ServerProcess).url}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      if (r.status !== 201) throw new Error(`soak setup ${path} → ${r.status} ${await r.text()}`);
    };
    await setup('/api/journeys', {
      journeyId: 'soak-j',
      title: 'Soak',
      ambition: 'Steady under load',
      horizon: '2030-12-31',
      lead: 'Ops',
    });
    await setup('/api/indicators', {
      indicatorId: 'soak-i',
      name: 'Steady',
      unit: '%',
      direction: 'increase',
      frequency: 'annual',
      baseline: { value: 60, period: '2021' },
      target: { value: 70, period: '2030' },
      journeyIds: ['soak-j'],
    });

    const acked = new Set<string>();
    let n = 0;
    const write = (kind: 'lessons' | 'changes') => ({
      method: 'POST' as const,
      path: `/api/journeys/soak-j/${kind}`,
      headers,
      setupRequest: (req: Record<string, unknown>) => {
        const id = `${kind[0]}${++n}`;
        const body =
          kind === 'lessons'
            ? { lessonId: id, learned: `Lesson ${id}: families came when sessions moved to the school gate` }
            : {
                changeId: id,
                whatChanged: `Waiting times fell (${id})`,
                forWhom: 'families',
                evidence: ['hub log'],
                occurredAt: '2026-10-01',
              };
        return { ...req, body: JSON.stringify(body) };
      },
      onResponse: (status: number, body: string) => {
        if (status === 201) acked.add((JSON.parse(body) as { id: string }).id);
      },
    });
    const read = (path: string) => ({
      method: 'GET' as const,
      path,
      headers: { authorization: headers.authorization },
    });

    const rss: number[] = [];
    const wal: number[] = [];
    const sample = setInterval(() => {
      rss.push(rssOf(server?.child.pid));
      wal.push(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    }, 250);
    const rssStart = rssOf(server.child.pid);
    let exitCode: number | null | undefined;
    const term =
      options.sigtermAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            void (server as ServerProcess).stop(15_000).then((c) => {
              exitCode = c;
            });
          }, options.sigtermAfterMs);
    const result = await autocannon({
      url: server.url,
      connections,
      duration: options.seconds,
      timeout: 10,
      requests: [
        write('lessons'),
        read('/api/journeys/soak-j/progress'),
        write('changes'),
        read('/api/journeys/soak-j'),
        read('/api/journeys'),
      ] as never,
    });
    clearInterval(sample);
    if (term) clearTimeout(term);
    if (options.sigtermAfterMs === undefined) exitCode = await server.stop(15_000);
    else while (exitCode === undefined && !server.exited()) await new Promise((r) => setTimeout(r, 20));
    exitCode ??= await server.stop();

    const store = openSqliteStore({ file, checkpointMs: 0 });
    let stored = new Set<string>();
    let verifyOk = false;
    let events = 0;
    try {
      stored = new Set<string>();
      for await (const e of store.readStream('journey-soak-j')) {
        const d = e.data as { lessonId?: string; changeId?: string };
        const id = d.lessonId ?? d.changeId;
        if (id) stored.add(id);
      }
      const v = await verifyLedger(store);
      verifyOk = v.ok;
      events = v.events;
    } finally {
      await store.close();
    }
    const q = (from: number, to: number) => rss.slice(Math.floor(rss.length * from), Math.ceil(rss.length * to));
    const statuses: Record<string, number> = {};
    for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx'] as const)
      statuses[k] = (result as unknown as Record<string, number>)[k] ?? 0;
    const figures: SoakFigures = {
      seconds: options.seconds,
      connections,
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statuses,
      acknowledgedWrites: acked.size,
      lostWrites: [...acked].filter((id) => !stored.has(id)).length,
      eventsStored: events,
      verifyOk,
      exitCode,
      rssMb: rss.map(mb),
      rssStartMb: mb(rssStart),
      rssPeakMb: mb(peak(rss)),
      rssSecondQuarterMb: mb(peak(q(0.25, 0.5))),
      rssLastQuarterMb: mb(peak(q(0.75, 1))),
      walPeakMb: mb(peak(wal)),
      walEndMb: mb(wal[wal.length - 1] ?? 0),
      p99Ms: result.latency.p99,
      requestsPerSec: result.requests.average,
    };
    options.log?.(summary(figures));
    return figures;
  } finally {
    await server?.kill9();
    tmp.remove();
  }
}

export const summary = (f: SoakFigures): string =>
  `soak ${f.seconds} s × ${f.connections} connections: ${f.requests} requests (${Math.round(f.requestsPerSec)}/s, p99 ${f.p99Ms} ms), ` +
  `errors ${f.errors}, timeouts ${f.timeouts}, non-2xx ${f.non2xx} ${JSON.stringify(f.statuses)}; writes acknowledged ${f.acknowledgedWrites}, lost ${f.lostWrites}; ` +
  `${f.eventsStored} events, verify ${f.verifyOk ? 'ok' : 'BROKEN'}, exit ${f.exitCode}; RSS start ${f.rssStartMb} MB, 2nd quarter ${f.rssSecondQuarterMb} MB, ` +
  `last quarter ${f.rssLastQuarterMb} MB, peak ${f.rssPeakMb} MB; WAL peak ${f.walPeakMb} MB, at end ${f.walEndMb} MB`;
