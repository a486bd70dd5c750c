import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { lesson, measurement } from '../support/events.js';

const run = promisify(execFile);
const CLI = join(process.cwd(), 'dist/src/cli.js');
const journey = (...args: string[]) =>
  run(process.execPath, [CLI, ...args]).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

/** The compiled CLI, as a user runs it (npm ci compiles it through the prepare script). */
describe('journey export / import / verify', () => {
  let dir: string;
  let source: string;
  let digest: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    source = join(dir, 'source.db');
    const store = openSqliteStore({ file: source });
    await store.append('journey-a', [lesson(), lesson()], { expectedRevision: 'no_stream' });
    await store.append('indicator-b', [measurement('2025-Q1', 3.5), measurement('2025-Q2', 4)], {
      expectedRevision: 'no_stream',
    });
    digest = (await verifyLedger(store)).digest;
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('export then import into an empty store reproduces the digest', async () => {
    const file = join(dir, 'ledger.ndjson');
    expect((await journey('export', 'events', '--out', file, '--store', `sqlite:${source}`)).code).toBe(0);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(4);
    const target = join(dir, 'target.db');
    const imported = await journey('import', 'events', file, '--store', `sqlite:${target}`);
    expect(imported.code).toBe(0);
    const verified = await journey('verify', '--store', `sqlite:${target}`);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain(digest);
  });

  it('import refuses a file with a broken chain and writes nothing', async () => {
    const lines = readFileSync(join(dir, 'ledger.ndjson'), 'utf8').trim().split('\n');
    const edited = JSON.parse(lines[1] as string) as { data: { learned: string } };
    edited.data.learned = 'rewritten';
    lines[1] = JSON.stringify(edited);
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, lines.join('\n'));
    const target = join(dir, 'refused.db');
    const r = await journey('import', 'events', bad, '--store', `sqlite:${target}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not intact at stream journey-a revision 1/);
    const store = openSqliteStore({ file: target });
    expect(await store.lastPosition()).toBe('0');
    await store.close();
  });

  it('verify exits 1 and names the hand-edited row with its position', async () => {
    const copy = join(dir, 'edited.db');
    const db = new Database(source);
    await db.backup(copy);
    db.close();
    const e = new Database(copy);
    e.prepare("UPDATE events SET data = replace(data, '3.5', '9.5') WHERE position = 3").run();
    e.close();
    const r = await journey('verify', '--store', `sqlite:${copy}`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stream indicator-b revision 0 position 3/);
  });
});
