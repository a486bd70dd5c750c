import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSigningKey } from '../../src/store/merkle/key-files.js';
import { signTreeHead } from '../../src/store/merkle/signing.js';
import type { SignedTreeHead } from '../../src/store/merkle/tree-head.js';
import { appendToWitness } from '../../src/store/merkle/witness.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { forgeEvent, seedFortyEvents } from '../support/insider.js';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'dist/src/cli.js');
/** The compiled CLI, run in `cwd` with only the environment given (no LEDGER_* from the test's own). */
const journey = (cwd: string, env: Record<string, string>, ...args: string[]) =>
  run(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let dir: string;
let ledger: string;
let keys: string;
let witness: string;
const store = () => `sqlite:${ledger}`;
const pub = () => join(keys, 'ledger-signing-key.pub.pem');
const priv = () => join(keys, 'ledger-signing-key.pem');
const SIGNED_AT = '2026-11-29T12:00:00.000Z';

/** Sign the tree heads of these sizes with the generated key, as `journey sign-head` will, one witness line each. */
async function witnessHeads(file: string, sizes: number[]): Promise<SignedTreeHead[]> {
  const s = openSqliteStore({ file: ledger, checkpointMs: 0 });
  const key = readSigningKey(priv());
  const heads: SignedTreeHead[] = [];
  for (const n of sizes) heads.push(signTreeHead(await s.tree.treeHead(n), SIGNED_AT, key));
  await s.close();
  for (const h of heads) appendToWitness(file, h);
  return heads;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-tree-cli-'));
  ledger = join(dir, 'ledger.db');
  keys = join(dir, 'keys');
  witness = join(dir, 'checkpoints.jsonl');
  const s = openSqliteStore({ file: ledger, checkpointMs: 0 });
  await seedFortyEvents(s);
  await s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('journey key generate', () => {
  it('writes the key pair, the private key for its owner only, and never overwrites it', async () => {
    const r = await journey(dir, {}, 'key', 'generate', '--out', keys);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^key [0-9a-f]{64}\n/);
    expect(statSync(priv()).mode & 0o777).toBe(0o600);
    expect(readFileSync(pub(), 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
    const again = await journey(dir, {}, 'key', 'generate', '--out', keys);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists already: a key is never overwritten/);
  });
});

describe('journey verify with the tree and a witness', () => {
  it('recomputes the tree and says no signed heads were checked without a witness', async () => {
    const r = await journey(dir, {}, 'verify', '--store', store());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^intact: 40 events in 2 streams/);
    expect(r.stdout).toMatch(/\ntree: 40 events, root [0-9a-f]{64}; the stored tree matches the events\n/);
    expect(r.stdout).toMatch(/tree heads: none checked/);
  });

  it('checks every witnessed head with the public key given, or with LEDGER_SIGNING_KEY’s, from CHECKPOINTS_FILE', async () => {
    await witnessHeads(witness, [0, 16, 33, 40]);
    const given = await journey(dir, {}, 'verify', '--store', store(), '--witness', witness, '--public-key', pub());
    expect(given.code, given.stderr).toBe(0);
    expect(given.stdout).toMatch(
      /witness .*checkpoints.jsonl: 4 signed tree heads of key [0-9a-f]{64} \(up to 40 events\), all match/,
    );
    const env = { CHECKPOINTS_FILE: witness, LEDGER_SIGNING_KEY: priv() };
    const byEnv = await journey(dir, env, 'verify', '--store', store(), '--witness');
    expect(byEnv.code, byEnv.stderr).toBe(0);
    expect(byEnv.stdout).toContain('4 signed tree heads');
    const keyless = await journey(dir, {}, 'verify', '--store', store(), '--witness', witness);
    expect(keyless.code).toBe(1);
    expect(keyless.stderr).toMatch(/--witness needs the public key .*--public-key <pem>/);
  });

  it('refuses a witness file whose line was altered, naming the line', async () => {
    const lines = readFileSync(witness, 'utf8').trim().split('\n');
    lines[1] = (lines[1] as string).replace(/"treeSize":16/, '"treeSize":17');
    const altered = join(dir, 'altered.jsonl');
    writeFileSync(altered, `${lines.join('\n')}\n`);
    const r = await journey(dir, {}, 'verify', '--store', store(), '--witness', altered, '--public-key', pub());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/witness refused: .*altered.jsonl line 2: the signature does not verify/);
  });
});

describe('journey proof verify, without the ledger', () => {
  let proofs: string;
  beforeAll(async () => {
    // An empty working directory: no ledger anywhere near the check.
    proofs = join(dir, 'proofs');
    mkdirSync(proofs);
    const s = openSqliteStore({ file: ledger, checkpointMs: 0 });
    const key = readSigningKey(priv());
    const write = (name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value));
    write('inclusion.json', await s.tree.inclusionProof(4, 40));
    write('consistency.json', await s.tree.consistencyProof(16, 40));
    write('head-40.json', signTreeHead(await s.tree.treeHead(40), SIGNED_AT, key));
    write('head-16.json', signTreeHead(await s.tree.treeHead(16), SIGNED_AT, key));
    await s.close();
  });
  const verifyProof = (...args: string[]) => journey(proofs, {}, 'proof', 'verify', ...args);
  const at = (name: string) => join(dir, name);

  it('verifies an inclusion proof against a signed head and the public key', async () => {
    const r = await verifyProof(at('inclusion.json'), '--tree-head', at('head-40.json'), '--public-key', pub());
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(proofs, 'data'))).toBe(false);
    expect(r.stdout).toMatch(
      /^verified: entry 5 \(leaf 4\) is in the tree of 40 events signed at 2026-11-29T12:00:00.000Z by key/,
    );
  });

  it('verifies a consistency proof between two signed heads', async () => {
    const r = await verifyProof(
      at('consistency.json'),
      '--tree-head',
      at('head-40.json'),
      '--from-head',
      at('head-16.json'),
      '--public-key',
      pub(),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/verified: the tree of 40 events .* extends the tree of 16 events/);
    const alone = await verifyProof(at('consistency.json'), '--tree-head', at('head-40.json'), '--public-key', pub());
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/needs --from-head/);
  });

  it('refuses an altered proof, a head of another size, and a head the key did not sign', async () => {
    const proof = JSON.parse(readFileSync(at('inclusion.json'), 'utf8')) as { auditPath: string[]; eventHash: string };
    writeFileSync(at('bad-path.json'), JSON.stringify({ ...proof, auditPath: [...proof.auditPath].reverse() }));
    const badPath = await verifyProof(at('bad-path.json'), '--tree-head', at('head-40.json'), '--public-key', pub());
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toMatch(/NOT VERIFIED: the inclusion proof: the path leads to root/);
    writeFileSync(at('bad-leaf.json'), JSON.stringify({ ...proof, eventHash: 'a'.repeat(64) }));
    const badLeaf = await verifyProof(at('bad-leaf.json'), '--tree-head', at('head-40.json'), '--public-key', pub());
    expect(badLeaf.stderr).toMatch(/leafHash is not made from eventHash/);
    const otherSize = await verifyProof(at('inclusion.json'), '--tree-head', at('head-16.json'), '--public-key', pub());
    expect(otherSize.stderr).toMatch(/the proof is for a tree of 40 events, the tree head for 16/);
    const head = JSON.parse(readFileSync(at('head-40.json'), 'utf8')) as SignedTreeHead;
    writeFileSync(at('forged-head.json'), JSON.stringify({ ...head, rootHash: proof.eventHash }));
    const forged = await verifyProof(
      at('inclusion.json'),
      '--tree-head',
      at('forged-head.json'),
      '--public-key',
      pub(),
    );
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(/NOT VERIFIED: the tree head in .*forged-head.json: the signature does not verify/);
    const notJson = await verifyProof(at('missing.json'), '--tree-head', at('head-40.json'), '--public-key', pub());
    expect(notJson.stderr).toMatch(/cannot read the proof/);
  });
});

describe('the insider (issue 17): an event rewritten with every hash and the stored tree recomputed', () => {
  it('passes journey verify alone, and fails journey verify --witness, naming the first event that no longer matches', async () => {
    const everySize = join(dir, 'every-size.jsonl');
    await witnessHeads(
      everySize,
      Array.from({ length: 41 }, (_, n) => n),
    );
    await forgeEvent(ledger, 23, (e) => {
      e.actor.name = 'Mallory';
    });
    const alone = await journey(dir, {}, 'verify', '--store', store());
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(/^intact: 40 events/);
    expect(alone.stdout).toMatch(/the stored tree matches the events/);

    const exact = await journey(dir, {}, 'verify', '--store', store(), '--witness', everySize, '--public-key', pub());
    expect(exact.code).toBe(1);
    expect(exact.stderr).toMatch(
      /^BROKEN: stream journey-a revision 12 position 23: the first 23 events no longer match the tree head signed at 2026-11-29T12:00:00.000Z \(.*every-size.jsonl line 24\): .* so entry 23 was altered, removed or reordered\n$/,
    );
    // The witness of the earlier test signed heads of 0, 16, 33 and 40 events: the break lies between 16 and 33.
    const sparse = await journey(dir, {}, 'verify', '--store', store(), '--witness', witness, '--public-key', pub());
    expect(sparse.code).toBe(1);
    expect(sparse.stderr).toMatch(
      /^BROKEN: stream journey-b revision 6 position 17: the first 33 events no longer match .* still match the head of 16 events, so an event among entries 17–33 was altered/,
    );
  });
});
