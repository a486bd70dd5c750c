import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { seedDemo } from '../../src/demo/index.js';
import { buildReport, reportFolder } from '../../src/reports/model.js';
import { publish } from '../../src/reports/publish.js';
import { verifyReport } from '../../src/reports/verify-report.js';
import { renderReport } from '../../src/reports/render.js';
import { reportScheduler } from '../../src/reports/scheduler.js';
import type { EventStore } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { digestAt } from '../../src/store/verify.js';
import { headSigner } from '../../src/store/merkle/signer.js';
import { checkTreeHeadSignature, generateSigningKeyPair, parsePrivateKey } from '../../src/store/merkle/signing.js';
import type { SignedTreeHead } from '../../src/store/merkle/tree-head.js';
import { readWitnessFile } from '../../src/store/merkle/witness.js';

const ADMIN = { id: 'admin-1', name: 'Admin', role: 'admin' as const };
let store: EventStore;
const reportEvents = async (period: string) => {
  const out = [];
  for await (const e of store.readStream(`report-${period}`)) out.push(e);
  return out;
};

beforeEach(async () => {
  store = openSqliteStore({ file: ':memory:' });
  await seedDemo(store, { now: '2026-11-25T00:00:00Z' });
});
afterEach(async () => {
  await store.close();
});

describe('the quarterly report', () => {
  it('renders the same bytes twice from the same cut, and records the ledger digest of that cut', async () => {
    const position = await store.lastPosition();
    const { treeSize } = await store.tree.treeHead();
    const a = renderReport(await buildReport(store, '2025-Q4', treeSize));
    const b = renderReport(await buildReport(store, '2025-Q4', treeSize));
    expect(a.map((f) => f.body)).toEqual(b.map((f) => f.body));
    expect(a.map((f) => f.name)).toEqual(['report-2025-Q4.html', 'report-2025-Q4.md']);
    expect((await buildReport(store, '2025-Q4', treeSize)).digest).toBe(await digestAt(store, position));
  });

  it('gives, warm and kept up to date, exactly the report a cold build gives at the same position', async () => {
    const folder = reportFolder(store, '2025-Q4');
    const warmModel = await folder.report();
    const warm = renderReport(warmModel);
    expect(warm).toEqual(renderReport(await buildReport(store, '2025-Q4', warmModel.treeSize)));
    await store.append(
      'journey-school-readiness',
      [
        {
          id: 'late-change',
          type: 'ChangeReported',
          actor: ADMIN,
          data: {
            changeId: 'late-change',
            whatChanged: 'Families now book the check online',
            forWhom: 'Families',
            evidence: ['Booking log'],
            occurredAt: '2026-11-20',
            question: 'how-well',
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    const later = await folder.report();
    expect(later.treeSize).toBe(warmModel.treeSize + 1);
    expect(renderReport(later)).toEqual(renderReport(await buildReport(store, '2025-Q4', later.treeSize)));
    expect(renderReport(later)[1]?.body).not.toEqual(warm[1]?.body);
  });

  it('reads as a narrative with sentences citing timeline entries', async () => {
    const md = renderReport(await buildReport(store, '2025-Q4'))[1]?.body ?? '';
    expect(md).toMatch(/At the end of Q4 2025 the partnership had 5 journeys: /);
    expect(md).toMatch(
      /Since the 2020 baseline the figure has risen from 60\.0% to \d\d\.\d% in Q3 2025, \d+% of the way to the 2026 target of 70\.0%, with \d+\.\d points still to travel\./,
    );
    expect(md).toMatch(/\[entry \d+\]\(\/journeys\/school-readiness\/timeline#pos-\d+\)/);
    expect(md).toMatch(/this indicator is stale/);
    expect(md).not.toMatch(/undefined|NaN|null/);
  });

  it('publishes a period once: the second attempt changes nothing', async () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const first = await publish(store, '2025-Q4', { actor: ADMIN, now, newId: sequentialIds('rp') });
    const again = await publish(store, '2025-Q4', { actor: ADMIN, now, newId: sequentialIds('rq') });
    expect(first.published).toBe(true);
    expect(again.published).toBe(false);
    expect(again.record).toEqual(first.record);
    expect(await reportEvents('2025-Q4')).toHaveLength(1);
  });

  it('refuses to publish a period that has not ended', async () => {
    await expect(publish(store, '2026-Q4', { actor: ADMIN, now: new Date('2026-11-25T10:00:00Z') })).rejects.toThrow(
      /has not ended yet/,
    );
  });

  it('verifies after publishing, and names a file changed on disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jl-report-'));
    await publish(store, '2025-Q4', { actor: ADMIN, now: new Date('2026-11-25T10:00:00Z'), outDir: dir });
    expect((await verifyReport(store, '2025-Q4', { dir })).ok).toBe(true);
    const md = join(dir, 'report-2025-Q4.md');
    await writeFile(md, (await readFile(md, 'utf8')).replace('off track', 'on track'));
    const result = await verifyReport(store, '2025-Q4', { dir });
    expect(result.ok).toBe(false);
    expect(result.files.filter((f) => !f.ok).map((f) => f.name)).toEqual(['report-2025-Q4.md']);
  });
});

describe('the report scheduler', () => {
  it('publishes the previous quarter once across a quarter boundary, even with two instances', async () => {
    const clock = fixedClock('2026-09-30T22:00:00Z');
    const one = reportScheduler({ store, clock, newId: sequentialIds('s1') });
    const two = reportScheduler({ store, clock, newId: sequentialIds('s2') });
    const before = await Promise.all([one.check(), two.check()]);
    expect(before.map((o) => o.period)).toEqual(['2026-Q2', '2026-Q2']);
    expect(before.filter((o) => o.action === 'published')).toHaveLength(1);
    expect(await reportEvents('2026-Q3')).toHaveLength(0);

    clock.set('2026-10-01T00:30:00Z');
    const after = await Promise.all([one.check(), two.check()]);
    expect(after.map((o) => o.period)).toEqual(['2026-Q3', '2026-Q3']);
    expect(after.filter((o) => o.action === 'published')).toHaveLength(1);
    clock.advance(3_600_000);
    expect((await one.check()).action).toBe('already-published');
    expect(await reportEvents('2026-Q3')).toHaveLength(1);
    expect(await reportEvents('2026-Q2')).toHaveLength(1);
  });

  it("signs each report's tree head with the server's key, keeps it in the witness file, and prints it at the end", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jl-report-signed-'));
    const pair = generateSigningKeyPair();
    const signer = headSigner(parsePrivateKey(pair.privateKeyPem, 'key'), join(dir, 'checkpoints.jsonl'));
    const outcome = await reportScheduler({ store, clock: fixedClock('2026-10-01T00:30:00Z'), signer }).check();
    if (outcome.action !== 'published') throw new Error(`not published: ${outcome.action}`);
    const head = outcome.result.record?.treeHead as SignedTreeHead;
    expect(head).toMatchObject({ treeSize: Number(await store.lastPosition()) - 1, keyId: signer.keyId });
    expect(head.rootHash).toBe((await store.tree.treeHead(head.treeSize)).rootHash);
    expect(checkTreeHeadSignature(head, signer.publicKey)).toEqual({ ok: true });
    expect(readWitnessFile(join(dir, 'checkpoints.jsonl'))).toEqual([head]);
    const md = outcome.result.files.find((f) => f.name.endsWith('.md'))?.body ?? '';
    const details = md.indexOf('## Ledger details');
    expect(details).toBeGreaterThan(md.indexOf('## Sources'));
    expect(md.slice(details)).toContain(`Public key id: \`${signer.keyId}\``);
    expect(md.slice(details)).toContain(`Signature (Ed25519): \`${head.signature}\``);
    // The digest no longer heads the report: the first 64-digit hex is in the details at the end.
    expect(md.search(/[0-9a-f]{64}/)).toBeGreaterThan(details);
    // Each citation: the entry on its timeline and its inclusion proof (Handlebars escapes = and & in attributes).
    const html = outcome.result.files.find((f) => f.name.endsWith('.html'))?.body ?? '';
    expect(html).toMatch(
      /<a href="\/journeys\/[a-z-]+\/timeline#pos-(\d+)">entry \1<\/a> \(<a class="proof" href="\/api\/ledger\/proof\/inclusion\?entry&#x3D;\1&amp;treeSize&#x3D;\d+">proof<\/a>\)/,
    );
    expect(html.indexOf('<details class="ledger-details"')).toBeGreaterThan(html.indexOf('id="sources"'));
  });

  it('publishes nothing for a ledger with no journey yet', async () => {
    const empty = openSqliteStore({ file: ':memory:' });
    const outcome = await reportScheduler({ store: empty, clock: fixedClock('2026-10-01T00:30:00Z') }).check();
    expect(outcome.action).toBe('nothing-to-report');
    await empty.close();
  });
});
