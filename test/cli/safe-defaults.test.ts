import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, freePort, issueToken, missingCommands, runCli, startServer, tempDir } from '../support/server-process.js';

/**
 * Issue 12, item 11: safe defaults. `journey serve` listens on 127.0.0.1 unless HOST or --host says otherwise (the
 * container sets HOST); the ledger, its WAL and shared-memory files and the report files are the owner's only; a
 * missing SESSION_SECRET is warned about at start; an export to a path that cannot be written is one line and exit 1;
 * `serve --demo --store X` is refused rather than X silently ignored.
 */
const skip = missingCommands('serve', 'token', 'report', 'export');
if (skip) console.warn(`SKIPPED safe-defaults (compiled CLI): ${skip}`);

/** `journey serve` with the environment as given (no HOST unless the test sets it), until it says where it listens. */
async function serveOnce(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ listening: string; output: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], {
    env: { ...process.env, HOST: undefined, SESSION_SECRET: undefined, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  try {
    const listening = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`journey serve did not start:\n${output}`)), 30_000);
      const seen = (b: Buffer) => {
        output += b.toString();
        const m = /"url":"(http:[^"]+)"[^\n]*journey ledger listening/.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('exit', (code) => reject(new Error(`journey serve exited with ${code}:\n${output}`)));
    });
    return { listening, output };
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
}

describe.skipIf(skip)('safe defaults', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(() => {
    tmp = tempDir('defaults');
  });
  afterAll(() => tmp?.remove());

  it('serve listens on 127.0.0.1 unless HOST says otherwise, --demo too; a missing SESSION_SECRET is warned about', async () => {
    const port = await freePort();
    const file = join(tmp.dir, 'host.db');
    const plain = await serveOnce(['--port', String(port), '--store', `sqlite:${file}`], { REPORT_SCHEDULER: 'off' });
    expect(plain.listening).toBe(`http://127.0.0.1:${port}`);
    expect(plain.output).toMatch(/SESSION_SECRET is not set/);
    const demo = await serveOnce(['--port', String(await freePort()), '--demo'], { SESSION_SECRET: 'x'.repeat(32) });
    expect(demo.listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.output).not.toMatch(/SESSION_SECRET is not set/);
    const wide = await serveOnce(['--port', String(await freePort()), '--store', `sqlite:${file}`], {
      HOST: '0.0.0.0',
      REPORT_SCHEDULER: 'off',
    });
    expect(wide.listening).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
  }, 60_000); // three servers start, one seeding the demo city

  it('the ledger, its WAL and shared-memory files and the published reports are readable by their owner only', async () => {
    const dataDir = join(tmp.dir, 'data');
    const file = join(dataDir, 'ledger.db');
    const reports = join(tmp.dir, 'reports');
    await issueToken(file, 'admin');
    const server = await startServer({ file, env: { REPORTS_DIR: reports, REPORT_SCHEDULER: 'off' } });
    try {
      const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
      expect(mode(dataDir)).toBe('700');
      for (const f of ['ledger.db', 'ledger.db-wal', 'ledger.db-shm']) {
        expect(existsSync(join(dataDir, f)), f).toBe(true);
        expect(mode(join(dataDir, f)), f).toBe('600');
      }
      const r = await runCli(['report', '2025-Q4', '--out', reports, '--store', `sqlite:${file}`]);
      expect(r.code, r.stderr).toBe(0);
      expect(mode(reports)).toBe('700');
      for (const f of ['report-2025-Q4.html', 'report-2025-Q4.md']) expect(mode(join(reports, f)), f).toBe('600');
    } finally {
      await server.stop();
    }
  });

  it('an export to a path that cannot be written is one clear line and exit 1, no stack trace', async () => {
    const file = join(tmp.dir, 'export.db');
    await issueToken(file, 'viewer');
    for (const out of [join(tmp.dir, 'no-such-folder', 'events.ndjson'), tmp.dir]) {
      const r = await runCli(['export', 'events', '--out', out, '--store', `sqlite:${file}`]);
      expect(r.code, out).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^journey: cannot write the export to .*: (its folder does not exist|it is a folder)$`),
      );
    }
    const ok = join(tmp.dir, 'events.ndjson');
    expect((await runCli(['export', 'events', '--out', ok, '--store', `sqlite:${file}`])).code).toBe(0);
    expect((statSync(ok).mode & 0o777).toString(8)).toBe('600');
  });

  it('serve --demo --store X is refused with a clear message instead of ignoring X', async () => {
    const x = join(tmp.dir, 'demo-x.db');
    const r = await runCli(['serve', '--demo', '--store', `sqlite:${x}`, '--port', String(await freePort())]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^journey: --demo serves a throwaway in-memory ledger, so it takes no --store/);
    expect(existsSync(x)).toBe(false);
  });
});
