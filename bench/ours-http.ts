import Database from 'better-sqlite3';
import { join } from 'node:path';
import { checkpointsFor } from '../projections/checkpoints.js';
import { startProjections } from '../projections/runtime.js';
import { sha256Hex } from '../src/events/canonical.js';
import { startServer } from '../src/server/server.js';
import type { EventStore } from '../src/store/port.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { type BenchConfig, importFunction, MissingModule, removeDb } from './harness.js';
import type { RunningServer } from './http.js';
import { DEMO_NOW } from './prepare.js';

/**
 * Our API server for the HTTP figures, as `journey serve` runs it: the SQLite store, the projections' runtime
 * caught up, the Express app on a real port. Its ledger is a demo city of its own (100 journeys of about 1,000
 * events; --quick: 100 each), written fresh for each figure so the write figure's appends do not leak into the read
 * one, with one admin token enrolled in the `access` stream as `journey token issue` would.
 */

type SeedDemo = (
  store: EventStore,
  options: { now: string; journeys: number; years: number; seed: number; events: number },
) => Promise<unknown>;

const TOKEN = 'jl_bench-token-not-a-secret-0123456789abcdef';

export async function startOurServer(config: BenchConfig, kind: 'write' | 'read'): Promise<RunningServer> {
  const seedDemo = await importFunction<SeedDemo>('src/demo/index.js', 'seedDemo');
  const file = join(config.dir, `http-${kind}.db`);
  removeDb(file);
  // 100 journeys in both modes, so 50 connections spread over as many streams as the full run; --quick gives
  // each journey a tenth of the history.
  const journeys = 100;
  const store = openSqliteStore({ file });
  await seedDemo(store, { now: DEMO_NOW, journeys, years: 6, seed: 2, events: journeys * (config.quick ? 100 : 1000) });
  await store.append(
    'access',
    [
      {
        id: '0190c0de-0000-7000-8000-00000000be01',
        type: 'ActorEnrolled',
        actor: { id: 'bench', name: 'Bench', role: 'system' },
        data: { actorId: 'bench-admin', name: 'Bench admin', role: 'admin', tokenHash: sha256Hex(TOKEN) },
      },
    ],
    { expectedRevision: 'any' },
  );
  // As `journey serve` runs it: the projections with their checkpoints.
  const runtime = startProjections(store, { checkpoints: checkpointsFor(store) });
  await runtime.ready;
  const server = await startServer({ store, runtime });
  const ids = journeyIds(file);
  const paths = ids.map((j) => (kind === 'write' ? `/api/journeys/${j}/changes` : `/api/journeys/${j}/progress`));
  const headers = { authorization: `Bearer ${TOKEN}` };
  const close = async (): Promise<void> => {
    await server.close();
    runtime.stop();
    await store.close();
  };
  if (kind === 'read') {
    // The read routes may not be mounted yet: say so rather than measure a 404.
    const probe = await fetch(`${server.url}${paths[0]!}`, { headers });
    if (probe.status !== 200) {
      await close();
      throw new MissingModule('src/api read routes', `GET ${paths[0]!} answered ${probe.status}`);
    }
  }
  return { url: server.url, paths, headers, close };
}

function journeyIds(file: string): string[] {
  const db = new Database(file, { readonly: true });
  const rows = db
    .prepare<[], { id: string }>(
      "SELECT json_extract(data, '$.journeyId') AS id FROM events WHERE type = 'JourneyCharted' ORDER BY position",
    )
    .all();
  db.close();
  return rows.map((r) => r.id);
}
