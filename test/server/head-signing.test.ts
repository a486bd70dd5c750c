import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEAD_SIGNER_ACTOR, headSigning } from '../../src/app/tree-heads.js';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { loadConfig } from '../../src/server/config.js';
import { serve } from '../../src/server/serve.js';
import { writeKeyPair } from '../../src/store/merkle/key-files.js';
import { headSigner } from '../../src/store/merkle/signer.js';
import { generateSigningKeyPair, parsePrivateKey } from '../../src/store/merkle/signing.js';
import { readWitnessFile } from '../../src/store/merkle/witness.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect, lesson } from '../support/events.js';

/** The server signs a tree head at start and at least daily while it runs (LEDGER_SIGNING_KEY). */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-head-signing-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const heads = async (file: string) => {
  const store = openSqliteStore({ file, checkpointMs: 0 });
  try {
    return (await collect(store.readStream('ledger'))).map((e) => e.data as { treeSize: number });
  } finally {
    await store.close();
  }
};

describe('the server signs tree heads', () => {
  it('at start with LEDGER_SIGNING_KEY: a TreeHeadSigned event, a witness line, and the public key served', async () => {
    const file = join(dir, 'ledger.db');
    const seed = openSqliteStore({ file, checkpointMs: 0 });
    await seed.append('journey-a', [lesson(), lesson()], { expectedRevision: 'no_stream' });
    await seed.close();
    const key = writeKeyPair(join(dir, 'keys'));
    const witness = join(dir, 'checkpoints.jsonl');
    const config = loadConfig({
      LEDGER_SIGNING_KEY: key.privateKeyFile,
      CHECKPOINTS_FILE: witness,
      REPORTS_DIR: join(dir, 'reports'),
      REPORT_SCHEDULER: 'off',
    });
    const start = () =>
      serve({
        config,
        storeUrl: `sqlite:${file}`,
        port: 0,
        host: '127.0.0.1',
        demo: false,
        logger: pino({ level: 'silent' }),
      });
    const running = await start();
    try {
      const pem = await fetch(`${running.url}/api/ledger/public-key`);
      expect(pem.status).toBe(401); // as verify: a sign-in is needed without PUBLIC_READ
    } finally {
      await running.stop();
    }
    expect(await heads(file)).toEqual([expect.objectContaining({ treeSize: 2, keyId: key.keyId })]);
    expect(readWitnessFile(witness).map((h) => h.treeSize)).toEqual([2]);
    // A restart with nothing appended since signs nothing more; the ledger does not grow by restarting.
    await (await start()).stop();
    expect(await heads(file)).toHaveLength(1);
  });

  it('refuses to start with a signing key it cannot read, naming it', async () => {
    const config = loadConfig({ LEDGER_SIGNING_KEY: join(dir, 'missing.pem'), REPORT_SCHEDULER: 'off' });
    await expect(
      serve({
        config,
        storeUrl: `sqlite:${join(dir, 'l.db')}`,
        port: 0,
        host: '127.0.0.1',
        demo: false,
        logger: pino({ level: 'silent' }),
      }),
    ).rejects.toThrow(/cannot read the signing key .*missing\.pem/);
  });

  it('again every interval (a day) while appends come in, and the ledger verifies with the heads it holds', async () => {
    const store = openSqliteStore({ file: join(dir, 'l.db'), checkpointMs: 0 });
    const pair = generateSigningKeyPair();
    const signer = headSigner(parsePrivateKey(pair.privateKeyPem, 'key'), join(dir, 'w.jsonl'));
    let tick: () => void = () => undefined;
    let interval = 0;
    const signing = headSigning(store, {
      signer,
      clock: fixedClock('2026-11-29T12:00:00Z'),
      newId: sequentialIds('head'),
      actor: HEAD_SIGNER_ACTOR,
      timers: {
        setInterval: (f, ms) => {
          tick = f;
          interval = ms;
          return 1;
        },
        clearInterval: () => undefined,
      },
    });
    await store.append('journey-a', [lesson()], { expectedRevision: 'no_stream' });
    await signing.start();
    expect(interval).toBe(24 * 3_600_000);
    await store.append('journey-a', [lesson(), lesson()], { expectedRevision: 0 });
    tick();
    await signing.stop();
    tick(); // nothing new since: no head
    await signing.stop();
    const signed = (await collect(store.readStream('ledger'))).map((e) => (e.data as { treeSize: number }).treeSize);
    expect(signed).toEqual([1, 4]);
    expect((await verifyLedger(store)).heads).toMatchObject({ total: 2, signed: 2 });
    await store.close();
  });
});
