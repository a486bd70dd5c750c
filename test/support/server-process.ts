import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The real thing, as a user runs it: the COMPILED CLI (`dist/src/cli.js`, built by npm ci's prepare script, or
 * locally by `npx tsc -p tsconfig.json`) in a child process, on loopback, on a temp SQLite file.
 * Reliability and security tests use these helpers to start `journey serve`, kill it with SIGKILL, restart it.
 */
export const CLI = join(process.cwd(), 'dist/src/cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `journey <args>` to completion. Never throws for a non-zero exit: the result carries the code. */
export function runCli(
  args: string[],
  options: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

let helpCache: string | undefined;
/**
 * Whether the compiled CLI has a command (e.g. 'serve', 'token'): tests of features other helpers are still
 * building skip, saying why, until the command lands.
 */
export function cliHas(command: string): boolean {
  if (!existsSync(CLI)) return false;
  helpCache ??= (() => {
    try {
      return execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8', timeout: 20_000 });
    } catch {
      return '';
    }
  })();
  return new RegExp(`^\\s+${command}\\b`, 'm').test(helpCache);
}

/** Why a suite needing these commands is skipped, or undefined when they are all there. */
export function missingCommands(...commands: string[]): string | undefined {
  if (!existsSync(CLI)) return `${CLI} is not built (run: npx tsc -p tsconfig.json)`;
  const missing = commands.filter((c) => !cliHas(c));
  return missing.length > 0
    ? `the compiled CLI has no \`journey ${missing.join('`, `journey ')}\` command yet`
    : undefined;
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `ledger-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A port nobody listens on right now (the OS picks it; loopback only). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no shutdown hook runs; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful): resolves with the exit code once the process is gone. */
  stop(timeoutMs?: number): Promise<number | null>;
  exited(): boolean;
}

export interface StartOptions {
  file: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  extraArgs?: string[];
}

/** `journey serve --port <free> --store sqlite:<file>`; resolves once GET /readyz answers 200. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--port',
      String(port),
      // --demo serves its own in-memory ledger and refuses --store (docs/decisions.md, "Defaults").
      ...(options.extraArgs?.includes('--demo') ? [] : ['--store', `sqlite:${options.file}`]),
      ...(options.extraArgs ?? []),
    ],
    {
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitCode: number | null | undefined;
  const gone = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    port,
    url,
    child,
    output: () => out,
    exited: () => exitCode !== undefined,
    async kill9() {
      if (exitCode === undefined) child.kill('SIGKILL');
      await gone;
    },
    async stop(timeoutMs = 10_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await gone;
      clearTimeout(t);
      return code;
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`journey serve exited with ${exitCode} before it was ready:\n${out}`);
    try {
      const r = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) return server;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.kill9();
  throw new Error(`journey serve was not ready within ${options.readyTimeoutMs ?? 15_000} ms:\n${out}`);
}

/** `journey token issue --name --role` against the file; the token is shown once on the CLI's output. */
export async function issueToken(
  file: string,
  role: 'viewer' | 'contributor' | 'scrutineer' | 'admin',
  name = `${role} tester`,
): Promise<{ token: string; actorId: string | undefined }> {
  const r = await runCli(['token', 'issue', '--name', name, '--role', role, '--store', `sqlite:${file}`]);
  const token = /\bjl_[A-Za-z0-9_-]{20,}/.exec(r.stdout + r.stderr)?.[0];
  if (r.code !== 0 || !token) throw new Error(`journey token issue failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  const actorId = /actor(?:Id| id)?[:=\s]+["']?([A-Za-z0-9-]+)/i.exec(r.stdout + r.stderr)?.[1];
  return { token, actorId };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A small seeded PRNG (mulberry32), so random kill moments are reproducible from the printed seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
