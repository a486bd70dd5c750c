import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueToken,
  missingCommands,
  runCli,
  startServer,
  tempDir,
  type ServerProcess,
} from '../support/server-process.js';

/**
 * Scopes as an administrator and a partner meet them (docs/decisions.md, "Scopes"): the compiled CLI issues and
 * changes scopes in another process while `journey serve` runs, and the server applies each change at once;
 * `journey token list` shows scopes, now and as of a past position; `journey import measurements --as` refuses
 * the rows outside the actor's scope by line and writes nothing; `serve --demo` prints one token per partner.
 */
const missing = missingCommands('serve', 'token', 'import');
if (missing) console.warn(`skipping journey serve scope tests: ${missing}`);

describe.skipIf(missing !== undefined)('scopes across processes', () => {
  const tmp = tempDir('scope');
  const file = join(tmp.dir, 'ledger.db');
  const store = ['--store', `sqlite:${file}`];
  let server: ServerProcess;
  let admin = '';
  afterAll(async () => {
    await server?.stop();
    tmp.remove();
  });
  const post = (path: string, token: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const issue = (name: string, role: string, ...scope: string[]) =>
    runCli(['token', 'issue', '--name', name, '--role', role, ...scope, ...store]);
  const actorOf = (r: { stdout: string }) => /actor ([0-9a-f-]+)/.exec(r.stdout)?.[1] as string;
  /** Events in the ledger, as the running server reads them (every process's writes included). */
  const events = async () =>
    String(
      (
        (await (
          await fetch(`${server.url}/api/ledger/verify`, { headers: { authorization: `Bearer ${admin}` } })
        ).json()) as {
          events: number;
        }
      ).events,
    );

  beforeAll(async () => {
    admin = (await issueToken(file, 'admin', 'Admin')).token;
    server = await startServer({ file });
    for (const [journeyId, partners] of [
      ['health', ['NHS Trust']],
      ['safety', ['Police']],
    ] as const) {
      const r = await post('/api/journeys', admin, {
        journeyId,
        title: journeyId,
        ambition: 'A',
        horizon: '2030-12-31',
        lead: 'City Council',
        partners,
      });
      expect(r.status).toBe(201);
    }
    const r = await post('/api/indicators', admin, {
      indicatorId: 'crime',
      name: 'Crime',
      unit: 'per 1,000',
      direction: 'decrease',
      frequency: 'annual',
      baseline: { value: 80, period: '2021' },
      target: { value: 60, period: '2026' },
      journeyIds: ['safety'],
    });
    expect(r.status).toBe(201);
  });

  it(
    'refuses a scope on a role other than contributor, and a journey not in the ledger; nothing is written',
    { timeout: 60_000 },
    async () => {
      const before = await events();
      const viewer = await issue('V', 'viewer', '--partner', 'Police');
      expect(viewer.code).toBe(1);
      expect(viewer.stderr).toContain("only a contributor's access has a scope: a viewer is not limited to journeys");
      const typo = await issue('T', 'contributor', '--journeys', 'helth');
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain('no journey helth in the ledger');
      expect(await events()).toBe(before);
    },
  );

  // Each step runs the compiled CLI in a child process: seconds each on a busy machine.
  it(
    'applies a scope changed by the CLI to a running server at once, and lists scopes now and as they were',
    { timeout: 90_000 },
    async () => {
      const issued = await issue('Nia', 'contributor', '--journeys', 'health');
      expect(issued.code, issued.stderr).toBe(0);
      expect(issued.stdout).toContain('recording on the journey health');
      const token = issued.stdout.trimEnd().split('\n').at(-1) as string;
      const actorId = actorOf(issued);
      const lesson = (journeyId: string) => post(`/api/journeys/${journeyId}/lessons`, token, { learned: 'x' });

      expect((await lesson('health')).status).toBe(201);
      const refused = await lesson('safety');
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { detail: string }).detail).toBe(
        'journey safety is outside the journey health',
      );
      const before = (await events()) as string;

      const widened = await runCli([
        'token',
        'scope',
        actorId,
        '--partner',
        'police',
        '--reason',
        'moved to the police',
        ...store,
      ]);
      expect(widened.code, widened.stderr).toBe(0);
      expect(widened.stdout).toContain('now records on the journeys of police; that is now safety');
      expect((await lesson('safety')).status).toBe(201);
      expect((await lesson('health')).status).toBe(403);

      const list = await runCli(['token', 'list', ...store]);
      expect(list.stdout).toMatch(/Nia\s+contributor\s+active\s+the journeys of police/);
      expect(list.stdout).toMatch(/Admin\s+admin\s+active\s+-/);
      const then = await runCli(['token', 'list', '--at', before, ...store]);
      expect(then.stdout).toMatch(/Nia\s+contributor\s+active\s+the journey health/);
      expect(then.stdout).not.toMatch(/[0-9a-f]{64}/);

      expect((await runCli(['token', 'scope', actorId, '--all', '--reason', 'city-wide', ...store])).code).toBe(0);
      expect((await lesson('health')).status).toBe(201);
    },
  );

  it(
    'imports as an enrolled actor: rows outside its scope are listed by line, and nothing is written',
    { timeout: 90_000 },
    async () => {
      const issued = await issue('Hal', 'contributor', '--partner', 'NHS Trust');
      const actorId = actorOf(issued);
      const csv = join(tmp.dir, 'crime.csv');
      writeFileSync(csv, 'indicator,period,value\ncrime,2022,78\ncrime,2023,75\n');
      const before = await events();
      const refused = await runCli(['import', 'measurements', csv, '--as', actorId, ...store]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'line 2: indicator crime is tracked by journey safety, outside the journeys of NHS Trust',
      );
      expect(refused.stderr).toContain('line 3: indicator crime is tracked by journey safety');
      expect(await events()).toBe(before);
      const police = await issue('Pat', 'contributor', '--partner', 'Police');
      const patId = actorOf(police);
      const imported = await runCli(['import', 'measurements', csv, '--as', patId, ...store]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toContain('imported 2 measurements');
    },
  );
});

describe.skipIf(missing !== undefined)('serve --demo', () => {
  const tmp = tempDir('scope-demo');
  afterAll(() => tmp.remove());

  it(
    'prints one throwaway contributor token per partner, each recording only on the journeys naming it',
    { timeout: 60_000 },
    async () => {
      const demo = await startServer({
        file: join(tmp.dir, 'unused.db'),
        extraArgs: ['--demo'],
        readyTimeoutMs: 30_000,
      });
      try {
        const out = demo.output();
        const police = /^\s+Police:\s+(jl_\S+)$/m.exec(out)?.[1] as string;
        expect(police, out).toMatch(/^jl_/);
        expect(out).toMatch(/^\s+Housing associations:\s+jl_\S+$/m);
        const lesson = (journeyId: string) =>
          fetch(`${demo.url}/api/journeys/${journeyId}/lessons`, {
            method: 'POST',
            headers: { authorization: `Bearer ${police}`, 'content-type': 'application/json' },
            body: JSON.stringify({ learned: 'Walk the streets with residents' }),
          });
        expect((await lesson('safer-neighbourhoods')).status).toBe(201);
        expect((await lesson('school-readiness')).status).toBe(403);
      } finally {
        await demo.stop();
      }
    },
  );
});
