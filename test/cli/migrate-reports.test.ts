import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signLedgerHead } from '../../src/app/tree-heads.js';
import { buildProgram } from '../../src/cli.js';
import { migrateLedger } from '../../src/cli/migrate.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { seedDemo } from '../../src/demo/index.js';
import { buildReport } from '../../src/reports/model.js';
import { publish, publishedReport } from '../../src/reports/publish.js';
import { renderReport } from '../../src/reports/render.js';
import { verifyReport, type VerifyReportResult } from '../../src/reports/verify-report.js';
import { openEventStoreDbStore } from '../../src/store/eventstoredb.js';
import { headSigner } from '../../src/store/merkle/signer.js';
import { generateSigningKeyPair, parsePrivateKey, parsePublicKey } from '../../src/store/merkle/signing.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { FakeEsdb } from '../store/eventstoredb.fake.js';

/**
 * Issue 19 finding 2: published reports survive a migration. A ledger with signed heads and two signed reports goes
 * SQLite → EventStoreDB (the strict fake; killed part-way and resumed) → SQLite, and `journey import events`: every
 * side verifies with the same digest and tree, its heads hold, and each report verifies and renders the same bytes.
 */
const ADMIN = { id: 'admin-1', name: 'Admin', role: 'admin' as const };
const NOW = '2026-11-25T10:00:00.000Z';
const pair = generateSigningKeyPair();
const publicKey = parsePublicKey(pair.publicKeyPem, 'public key');
let dir: string;
let source: EventStore;
/** How many entries the demo city has; the heads and reports follow it. */
let D: number;

const PERIODS = ['2025-Q3', '2025-Q4'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-migrate-reports-'));
  const signer = headSigner(parsePrivateKey(pair.privateKeyPem, 'key'), join(dir, 'checkpoints.jsonl'));
  const clock = fixedClock(NOW);
  source = openSqliteStore({ file: join(dir, 'source.db'), clock });
  await seedDemo(source, { now: '2026-11-25T00:00:00Z' });
  D = (await source.tree.treeHead()).treeSize;
  const newId = sequentialIds('head');
  const sign = () => signLedgerHead(source, { signer, clock, newId, actor: ADMIN });
  await sign();
  for (const period of PERIODS)
    await publish(source, period, { actor: ADMIN, now: new Date(NOW), signer, newId: sequentialIds(period) });
  await sign();
}, 60_000);
afterAll(async () => {
  await source.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What must agree on every side of a migration. */
async function sides(store: EventStore) {
  const v = await verifyLedger(store, { publicKey });
  const reports: { period: string; checks: VerifyReportResult['checks']; ok: boolean; files: string[] }[] = [];
  for (const period of PERIODS) {
    const r = await verifyReport(store, period, { skipFiles: true, publicKey });
    const published = await publishedReport(store, period);
    const head = published?.record.treeHead;
    const again = renderReport({
      ...(await buildReport(store, period, head?.treeSize)),
      ...(head ? { treeHead: head } : {}),
    });
    reports.push({ period, checks: r.checks, ok: r.ok, files: again.map((f) => f.sha256) });
  }
  return {
    verify: { ok: v.ok, events: v.events, digest: v.digest, heads: v.heads, broken: v.firstBroken },
    tree: await store.tree.treeHead(),
    // Everything but where this store keeps the event (its position) is the same in every store.
    proof: { ...(await store.tree.inclusionProof(17, 300)), position: 'local' },
    consistency: await store.tree.consistencyProof(D, D + 3),
    reports,
  };
}

describe('published reports survive a migration (issue 19 finding 2)', { timeout: 120_000 }, () => {
  it('SQLite → EventStoreDB (killed part-way, resumed) → SQLite: digests, trees, heads and report checks agree', async () => {
    const here = await sides(source);
    expect(here.verify).toMatchObject({ ok: true, heads: { total: 4, signed: 4, unchecked: 0 } });
    expect(here.reports.map((r) => r.ok)).toEqual([true, true]);
    expect(here.reports[1]?.checks.map((c) => c.ok)).toEqual([true, true, true]);

    const esdb = await openEventStoreDbStore('esdb://fake:2113?tls=false', { client: new FakeEsdb() });
    await expect(
      migrateLedger(source, esdb, {
        pageSize: 100,
        afterPage: (n) => {
          if (n >= 300) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const there = await migrateLedger(source, esdb, { pageSize: 100 });
    expect(there).toMatchObject({ alreadyThere: 300, same: true });
    expect(await sides(esdb)).toEqual(here);

    const back = openSqliteStore({ file: join(dir, 'back.db') });
    const returned = await migrateLedger(esdb, back, { pageSize: 100 });
    expect(returned.same).toBe(true);
    expect(await sides(back)).toEqual(here);
    await back.close();
    await esdb.close();
  });

  it('journey export events | journey import events carries the signed heads and the reports over', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const run = (...args: string[]) =>
        buildProgram()
          .exitOverride()
          .parseAsync(['node', 'journey', ...args]);
      const ndjson = join(dir, 'ledger.ndjson');
      await run('export', 'events', '--store', `sqlite:${join(dir, 'source.db')}`, '--out', ndjson);
      await run('import', 'events', ndjson, '--store', `sqlite:${join(dir, 'imported.db')}`);
      expect(out.join('')).toMatch(new RegExp(`imported ${D + 4} events`));
    } finally {
      vi.restoreAllMocks();
    }
    const imported = openSqliteStore({ file: join(dir, 'imported.db') });
    try {
      expect(await sides(imported)).toEqual(await sides(source));
    } finally {
      await imported.close();
    }
  });
});
