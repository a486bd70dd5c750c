import { fork } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { changeData } from './data.js';
import { type BenchConfig, median, type Measurement } from './harness.js';
import type { LoadRequest, LoadResult } from './load.js';
import { startOurServer } from './ours-http.js';

/**
 * The HTTP figures: a server in this process, autocannon in a forked child (bench/load.ts) so the load
 * generator has its own event loop and, on a 2-core machine, its own core. A warm-up run, then repeats; the
 * figure is the median requests/s and the median p99 latency of the repeats.
 */

export type HttpKind = 'ours-write' | 'express-write' | 'ours-read' | 'express-read' | 'node-read';

export const CONNECTIONS = 50;

/** The shape of GET /api/journeys/:id/progress three indicators, for the bare endpoints. */
export const PROGRESS_BODY = JSON.stringify({
  journeyId: 'school-readiness',
  asOf: '2026-11-25T00:00:00.000Z',
  status: 'at-risk',
  indicators: [0, 1, 2].map((i) => ({
    indicatorId: `school-readiness-${i}`,
    name: 'Children with a good level of development at age 5',
    unit: '%',
    direction: 'increase',
    baseline: { value: 60, period: '2021' },
    target: { value: 70, period: '2026' },
    latest: { value: 64.7, period: '2026-Q2' },
    travelledPct: 47,
    remaining: 5.3,
    actualPacePerYear: 1.2,
    requiredPacePerYear: 4.2,
    projectedReach: '2029-03-31',
    status: 'at-risk',
    stale: false,
    curveTurnedBy: 2.1,
  })),
});

/** A ChangeReported request body (the server generates changeId; no indicator links, which would have to exist). */
export const CHANGE_BODY = (() => {
  const { changeId: _id, indicatorIds: _ind, ...body } = changeData(1);
  return JSON.stringify(body);
})();

export interface RunningServer {
  url: string;
  paths: string[];
  headers: Record<string, string>;
  close(): Promise<void>;
}

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
const closeServer = (server: Server) => (): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

const JOURNEYS = Array.from({ length: 100 }, (_, i) => `journey-${i}`);

async function bareExpress(kind: 'write' | 'read'): Promise<RunningServer> {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  let position = 0;
  app.post('/api/journeys/:journeyId/changes', (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (typeof body.whatChanged !== 'string') {
      res.status(400).end();
      return;
    }
    position += 1;
    res.status(201).json({
      id: String(position),
      streamId: `journey-${req.params.journeyId}`,
      revision: position,
      position: String(position),
    });
  });
  app.get('/api/journeys/:journeyId/progress', (_req, res) => {
    res.type('application/json').send(PROGRESS_BODY);
  });
  const server = createServer(app);
  const url = await listen(server);
  const path =
    kind === 'write' ? (j: string) => `/api/journeys/${j}/changes` : (j: string) => `/api/journeys/${j}/progress`;
  return {
    url,
    paths: JOURNEYS.map(path),
    headers: { 'content-type': 'application/json' },
    close: closeServer(server),
  };
}

async function bareNode(): Promise<RunningServer> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(PROGRESS_BODY);
  });
  const url = await listen(server);
  return { url, paths: JOURNEYS.map((j) => `/api/journeys/${j}/progress`), headers: {}, close: closeServer(server) };
}

const LOAD_ENTRY = fileURLToPath(new URL('./load.js', import.meta.url));

/** Runs one load in a forked autocannon; the child is never profiled (bench/profile.ts profiles the server only). */
export function runLoad(request: LoadRequest): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(LOAD_ENTRY, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.execArgv.filter((a) => !a.startsWith('--cpu-prof')),
    });
    child.once('message', (m: unknown) => {
      const msg = m as { result?: LoadResult; error?: string };
      if (msg.result) resolve(msg.result);
      else reject(new Error(`load generator: ${msg.error ?? 'no result'}`));
    });
    child.once('exit', (code) => reject(new Error(`load generator exited (${code}) without a result`)));
    child.send(request);
  });
}

export async function httpFigure(config: BenchConfig, kind: HttpKind): Promise<Measurement> {
  const write = kind.endsWith('write');
  const server =
    kind === 'node-read'
      ? await bareNode()
      : kind.startsWith('express')
        ? await bareExpress(write ? 'write' : 'read')
        : await startOurServer(config, write ? 'write' : 'read');
  try {
    const durationS = config.quick ? 2 : 10;
    const repeats = 3;
    const request = (d: number): LoadRequest => ({
      url: server.url,
      method: write ? 'POST' : 'GET',
      paths: server.paths,
      connections: CONNECTIONS,
      durationS: d,
      headers: write ? { ...server.headers, 'content-type': 'application/json' } : server.headers,
      ...(write ? { body: CHANGE_BODY } : {}),
    });
    await runLoad(request(config.quick ? 1 : 3)); // warm-up
    const runs: LoadResult[] = [];
    for (let i = 0; i < repeats; i++) runs.push(await runLoad(request(durationS)));
    const bad = runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    const total = runs.reduce((n, r) => n + r.total, 0);
    if (bad > total * 0.01) throw new Error(`${bad} of ${total} requests failed (non-2xx, errors or timeouts)`);
    return {
      value: median(runs.map((r) => r.requestsPerS)),
      unit: 'req/s',
      samples: runs.map((r) => r.requestsPerS),
      extra: {
        p99Ms: median(runs.map((r) => r.p99Ms)),
        p50Ms: median(runs.map((r) => r.p50Ms)),
        failed: bad,
        requests: total,
        connections: CONNECTIONS,
      },
    };
  } finally {
    await server.close();
  }
}
