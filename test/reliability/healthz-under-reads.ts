/**
 * By hand (not in the suite: it needs a big ledger and minutes): how long `/healthz` takes while 8 anonymous
 * visitors keep asking ledger-wide `?asOf=` reads (docs/guarantees.md, "Heavy reads cannot starve the server").
 *
 *   npx tsc -p tsconfig.json
 *   node dist/src/cli.js demo --events 203500 --store sqlite:/tmp/big.db      # a 200k-event ledger
 *   LEDGER=/tmp/big.db node --no-warnings --loader ts-node/esm/transpile-only test/reliability/healthz-under-reads.ts
 *
 * Starts the compiled `journey serve` (PUBLIC_READ=true) over a copy of the file, runs 8 connections of
 * `GET /api/journeys?asOf=…` (instants spread over the ledger's years) for SECONDS (default 20), probes `/healthz`
 * one request at a time meanwhile, and prints the probe's p50, p99 and maximum, and the reads' figures.
 */
import { copyFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startServer, tempDir } from '../support/server-process.js';

const source = process.env.LEDGER;
if (!source) throw new Error('set LEDGER to a SQLite ledger file (see the comment at the top)');
const seconds = Number(process.env.SECONDS ?? 20);
const tmp = tempDir('healthz');
const file = join(tmp.dir, 'ledger.db');
copyFileSync(source, file);
const server = await startServer({
  file,
  env: { PUBLIC_READ: 'true', REPORT_SCHEDULER: 'off' },
  readyTimeoutMs: 120_000,
});

const instants = ['2021-09-30', '2022-06-30', '2023-03-31', '2023-12-31', '2024-09-30', '2025-06-30', '2026-03-31'];
const reads = autocannon({
  url: server.url,
  connections: 8,
  duration: seconds,
  timeout: 120,
  requests: instants.map((d) => ({ method: 'GET', path: `/api/journeys?asOf=${d}T12:00:00Z` })),
});

const probes: number[] = [];
let failed = 0;
const deadline = Date.now() + seconds * 1000;
await new Promise((r) => setTimeout(r, 500));
while (Date.now() < deadline) {
  const started = performance.now();
  // A new connection each time (no keep-alive): what a load balancer's health check does.
  const ok = await new Promise<boolean>((resolve) => {
    get(`${server.url}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    }).on('error', () => resolve(false));
  });
  probes.push(performance.now() - started);
  if (!ok) failed += 1;
  await new Promise((r) => setTimeout(r, 20));
}
const result = await reads;
await server.stop();
tmp.remove();

probes.sort((a, b) => a - b);
const at = (q: number) => (probes[Math.min(probes.length - 1, Math.floor(q * probes.length))] as number).toFixed(1);
console.log(`/healthz under 8 concurrent as-of reads, ${seconds} s, ${probes.length} probes:`);
console.log(`  ${failed} failed; p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`);
console.log(
  `as-of reads: ${result.requests.total} answered (${result.non2xx} not 2xx, ${result.errors} errors, ${result.timeouts} timeouts), ` +
    `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`,
);
