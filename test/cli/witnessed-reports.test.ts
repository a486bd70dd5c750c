import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSigningKey } from '../../src/store/merkle/key-files.js';
import { signTreeHead } from '../../src/store/merkle/signing.js';
import { appendToWitness, readWitnessFile } from '../../src/store/merkle/witness.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { forgeEvent, forgeReports } from '../support/insider.js';

/**
 * The witnessed ledger from the command line (issue 17 part 2, issue 12 item 7): signed heads recorded by
 * `journey sign-head` and by publishing, `journey verify` holding the ledger to them, `journey report verify` that
 * bites, and the insider who rewrites an event and recomputes every hash, the tree, the digests and the report files
 * with the project's own functions.
 */
const run = promisify(execFile);
const CLI = join(process.cwd(), 'dist/src/cli.js');
interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}
const journeyIn = (cwd: string, env: Record<string, string>, ...args: string[]): Promise<Ran> =>
  run(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: Ran) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

let dir: string;
/** The folder of the ledger as published: each test works on its own copy (`copy`). */
let published: string;
let keys: string;
/** How many entries the demo city has: the entries after it are numbered from here. */
let D: number;

const pub = () => join(keys, 'ledger-signing-key.pub.pem');
const priv = () => join(keys, 'ledger-signing-key.pem');

const envFor = (here: string) => ({
  LEDGER_SIGNING_KEY: priv(),
  CHECKPOINTS_FILE: join(here, 'checkpoints.jsonl'),
  REPORTS_DIR: join(here, 'reports'),
  LEDGER_STORE: `sqlite:${join(here, 'ledger.db')}`,
});

/** A copy of the published ledger, its reports and its witness file, and the CLI run with the signing key there. */
function copy(name: string) {
  const here = join(dir, name);
  cpSync(published, here, { recursive: true });
  const env = envFor(here);
  return {
    dir: here,
    file: join(here, 'ledger.db'),
    reports: env.REPORTS_DIR,
    witness: env.CHECKPOINTS_FILE,
    journey: (...args: string[]) => journeyIn(here, env, ...args),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-witnessed-'));
  keys = join(dir, 'keys');
  published = join(dir, 'published');
  const env = envFor(published);
  const step = async (...args: string[]) => {
    const r = await journeyIn(dir, env, ...args);
    if (r.code !== 0) throw new Error(`journey ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  await step('key', 'generate', '--out', keys);
  await step('demo', '--now', '2026-11-25'); // entries 1–D
  const demo = openSqliteStore({ file: join(published, 'ledger.db') });
  D = (await demo.tree.treeHead()).treeSize;
  await demo.close();
  await step('report', '2025-Q3', '--publish'); // the head of D entries; ReportPublished is entry D + 1
  await step('sign-head'); // the head of D + 1; TreeHeadSigned is entry D + 2
  await step('report', '2025-Q4', '--publish'); // the head of D + 2; entry D + 3
  await step('sign-head'); // the head of D + 3; entry D + 4
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('signed tree heads from the command line', { timeout: 60_000 }, () => {
  it('records every signed head as an event and a witness line, and verify holds the ledger to them', async () => {
    const c = copy('intact');
    expect(readWitnessFile(c.witness).map((h) => h.treeSize)).toEqual([D, D + 1, D + 2, D + 3]);
    const verify = await c.journey('verify');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`^intact: ${D + 4} events`));
    expect(verify.stdout).toMatch(
      /tree heads: 4 in the ledger \(4 signed\), all match the events, every signature verified with key [0-9a-f]{64}\n/,
    );
    const witnessed = await c.journey('verify', '--witness');
    expect(witnessed.code, witnessed.stderr).toBe(0);
    expect(witnessed.stdout).toMatch(
      new RegExp(`4 signed tree heads of key [0-9a-f]{64} \\(up to ${D + 3} events\\), all match`),
    );
    // Without the key, the same heads are still held to the events; their signatures are not checked, and it says so.
    const keyless = await journeyIn(c.dir, {}, 'verify', '--store', `sqlite:${c.file}`);
    expect(keyless.code, keyless.stderr).toBe(0);
    expect(keyless.stdout).toMatch(
      /tree heads: 4 in the ledger \(4 signed\), all match the events; signatures not checked: give --public-key <pem>/,
    );
  });

  it('says tree heads are unsigned when the ledger was published without a key', async () => {
    const c = copy('unsigned');
    const plainDb = `sqlite:${join(c.dir, 'plain.db')}`;
    const plain = (...args: string[]) =>
      journeyIn(c.dir, { REPORTS_DIR: join(c.dir, 'plain-reports') }, ...args, '--store', plainDb);
    expect((await plain('demo', '--now', '2026-11-25')).code).toBe(0);
    expect((await plain('report', '2025-Q4', '--publish')).stdout).toMatch(/unsigned \(no LEDGER_SIGNING_KEY\)/);
    const signHead = await plain('sign-head');
    expect(signHead.code).toBe(1);
    expect(signHead.stderr).toMatch(/no signing key: set LEDGER_SIGNING_KEY/);
    const verify = await plain('verify');
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(
      /tree heads: 1 in the ledger \(0 signed, 1 unsigned\), all match the events; tree heads are unsigned/,
    );
    const report = await plain('report', 'verify', '2025-Q4');
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/^-- {2}tree head signature: none/);
  });
});

describe('journey report verify bites (issue 12 item 7)', { timeout: 60_000 }, () => {
  it('verifies a published report: signature, the ledger up to its cut, consistency with the previous report, files', async () => {
    const c = copy('report-intact');
    const r = await c.journey('report', 'verify', '2025-Q4');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok {2}tree head signature: signed at .* by key [0-9a-f]{64}\n/);
    expect(r.stdout).toMatch(
      new RegExp(
        `ok {2}the ledger up to entry ${D + 2}: every chain intact, the Merkle root recomputed from the events is the report's`,
      ),
    );
    expect(r.stdout).toMatch(new RegExp(`ok {2}consistency with the report for 2025-Q3 \\(${D} entries\\): proved`));
    expect(r.stdout).toMatch(/ok {2}report-2025-Q4\.html: re-rendered identically, file matches/);
    expect(r.stdout).toMatch(/the report for 2025-Q4 verifies/);
  });

  it('fails when a published file is missing, unless told to skip the files (and then says so)', async () => {
    const c = copy('file-missing');
    unlinkSync(join(c.reports, 'report-2025-Q4.md'));
    const r = await c.journey('report', 'verify', '2025-Q4');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/BAD report-2025-Q4\.md: re-rendered identically, MISSING ON DISK/);
    expect(r.stderr).toMatch(/the report for 2025-Q4 does not verify/);
    const skipped = await c.journey('report', 'verify', '2025-Q4', '--skip-files');
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toMatch(/the published files were not looked for \(--skip-files\)/);
  });

  it('fails when an event the report does not cite was edited, naming it', async () => {
    const c = copy('unrelated-edit');
    const db = new Database(c.file);
    const row = db
      .prepare("SELECT position, data FROM events WHERE type = 'LessonHarvested' ORDER BY position LIMIT 1")
      .get() as { position: number; data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
      row.data.replace(/"learned":"/, '"learned":"Edited: '),
      row.position,
    );
    db.close();
    const r = await c.journey('report', 'verify', '2025-Q4', '--skip-files');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `BAD the ledger up to entry ${D + 2}: stream journey-[a-z-]+ revision \\d+ position ${row.position}: hash does not match the content`,
      ),
    );
    // The digest is not vouched for when the chains under it are broken (it used to say "ok ledger digest").
    expect(r.stdout).toMatch(
      new RegExp(
        `^-- {2}ledger digest of the first ${D + 2} entries: not compared: the ledger up to the cut is broken`,
        'm',
      ),
    );
  });
});

describe(
  'the insider (issue 17): one event rewritten, every hash, the tree, the digests and the report files recomputed',
  { timeout: 60_000 },
  () => {
    it('fails journey verify and journey report verify, naming the first event that no longer matches a signed head', async () => {
      const c = copy('insider');
      const db = new Database(c.file, { readonly: true });
      const target = db
        .prepare(
          "SELECT position FROM events WHERE type = 'MeasurementRecorded' AND position > 500 ORDER BY position LIMIT 1",
        )
        .pluck()
        .get() as number;
      db.close();
      // A witness that signed a head after every append (the key's owner, elsewhere), before the insider came.
      const everySize = join(c.dir, 'every-size.jsonl');
      const store = openSqliteStore({ file: c.file, checkpointMs: 0 });
      const key = readSigningKey(priv());
      for (let n = target - 3; n <= D + 4; n += 1)
        appendToWitness(everySize, signTreeHead(await store.tree.treeHead(n), '2026-11-29T12:00:00.000Z', key));
      await store.close();

      await forgeEvent(c.file, target, (e) => {
        e.data = { ...(e.data as { value: number }), value: 99.9 } as typeof e.data;
      });
      await forgeReports(c.file, c.reports);

      // The stored tree was rebuilt, but the heads the ledger holds are of the events as they were, even unchecked.
      const plain = await journeyIn(c.dir, {}, 'verify', '--store', `sqlite:${c.file}`);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toMatch(new RegExp(`the first ${D} events no longer match the tree head signed at`));

      const verify = await c.journey('verify');
      expect(verify.code).toBe(1);
      expect(verify.stderr).toMatch(
        new RegExp(
          `^BROKEN: stream [a-z0-9-]+ revision \\d+ position 1: the first ${D} events no longer match the tree head signed at .* \\(the report for 2025-Q3 \\(entry ${D + 1}\\)\\): their root is [0-9a-f]{64}, the signed root [0-9a-f]{64}; an event among entries 1–${D} was altered, removed or reordered`,
        ),
      );
      const witnessed = await c.journey('verify', '--witness', everySize, '--public-key', pub());
      expect(witnessed.code).toBe(1);
      expect(witnessed.stderr).toMatch(
        new RegExp(
          `^BROKEN: stream indicator-[a-z0-9-]+ revision \\d+ position ${target}: the first ${target} events no longer match the tree head signed at .* line 4\\): .*so entry ${target} was altered, removed or reordered\\n$`,
        ),
      );
      const report = await c.journey('report', 'verify', '2025-Q4');
      expect(report.code).toBe(1);
      expect(report.stdout).toMatch(/^ok {2}tree head signature: signed at/);
      expect(report.stdout).toMatch(
        new RegExp(
          `BAD the ledger up to entry ${D + 2}: stream [a-z0-9-]+ revision \\d+ position 1: the first ${D} events no longer match the tree head signed at .* \\(the report for 2025-Q3 \\(entry ${D + 1}\\)\\)`,
        ),
      );
      expect(report.stdout).toMatch(new RegExp(`BAD consistency with the report for 2025-Q3 \\(${D} entries\\)`));
      // The files were made again by the insider: they are what the forged ledger renders.
      expect(report.stdout).toMatch(/ok {2}report-2025-Q4\.html: re-rendered identically, file matches/);
      expect(readFileSync(join(c.reports, 'report-2025-Q4.md'), 'utf8')).toMatch(/## Ledger details/);
    });
  },
);
