import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, missingCommands, runCli, startServer, tempDir } from '../support/server-process.js';

/** `journey serve` as a user runs it (the compiled CLI in a child process), with tokens from `journey token issue`. */
const missing = missingCommands('serve', 'token');
if (missing) console.warn(`skipping journey serve tests: ${missing}`);

describe.skipIf(missing !== undefined)('journey serve', () => {
  const tmp = tempDir('serve');
  const file = join(tmp.dir, 'ledger.db');
  afterAll(() => tmp.remove());
  let token = '';
  beforeAll(async () => {
    token = (await issueToken(file, 'contributor', 'Ada')).token;
  });

  it('records what a token holder posts, and on SIGTERM finishes in-flight requests, closes the store, exits 0', async () => {
    const server = await startServer({ file });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const chart = await fetch(`${server.url}/api/journeys`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        journeyId: 'ready',
        title: 'Ready for school',
        ambition: 'A',
        horizon: '2030-12-31',
        lead: 'L',
      }),
    });
    expect(chart.status).toBe(201);
    const inFlight = Array.from({ length: 30 }, (_, i) =>
      fetch(`${server.url}/api/journeys/ready/lessons`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ learned: `lesson ${i}` }),
      }).then(
        (r) => r.status,
        () => 0,
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    const code = await server.stop();
    const statuses = await Promise.all(inFlight);
    expect(code).toBe(0);
    // Every request the server took was answered; none half-done (the ledger below is intact and counts them).
    const accepted = statuses.filter((s) => s === 201).length;
    expect(statuses.every((s) => s === 201 || s === 0)).toBe(true);
    const verify = await runCli(['verify', '--store', `sqlite:${file}`]);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`intact: ${2 + accepted} events`);
  });

  it('token revoke takes effect on a running server at once', async () => {
    const server = await startServer({ file });
    try {
      const issued = await issueToken(file, 'viewer', 'Short stay');
      const auth = { authorization: `Bearer ${issued.token}` };
      expect((await fetch(`${server.url}/api/journeys`, { headers: auth })).status).toBe(200);
      const revoked = await runCli(['token', 'revoke', issued.actorId as string, '--store', `sqlite:${file}`]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect((await fetch(`${server.url}/api/journeys`, { headers: auth })).status).toBe(401);
      const list = await runCli(['token', 'list', '--store', `sqlite:${file}`]);
      expect(list.stdout).toMatch(/Short stay\s+viewer\s+revoked/);
      expect(list.stdout).not.toMatch(/[0-9a-f]{64}/); // never the hashes
    } finally {
      await server.stop();
    }
  });

  it('token issue prints the token alone on the last line', async () => {
    const r = await runCli(['token', 'issue', '--name', 'Bea', '--role', 'scrutineer', '--store', `sqlite:${file}`]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^jl_[A-Za-z0-9_-]{43}$/);
  });

  it('import measurements: a bad file writes nothing and names each bad line; a good one is imported', async () => {
    const admin = (await issueToken(file, 'admin')).token;
    const server = await startServer({ file });
    try {
      await fetch(`${server.url}/api/indicators`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          indicatorId: 'gld',
          name: 'GLD',
          unit: '%',
          direction: 'increase',
          frequency: 'annual',
          baseline: { value: 60, period: '2021' },
          target: { value: 70, period: '2026' },
          groups: [{ groupId: 'fsm', name: 'Children eligible for free school meals' }],
        }),
      });
    } finally {
      await server.stop();
    }
    const { writeFileSync } = await import('node:fs');
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(
      bad,
      'indicator,period,value,group,source,note\ngld,2022,61,,,\ngld,2023,oops,,,\nnope,2023,1,,,\ngld,2022,44,ward-7,,\n',
    );
    const refused = await runCli(['import', 'measurements', bad, '--store', `sqlite:${file}`]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3: value "oops" is not a number');
    expect(refused.stderr).toContain('line 4: indicator nope does not exist');
    expect(refused.stderr).toContain('line 5: indicator gld has no group "ward-7"');
    const good = join(tmp.dir, 'good.csv');
    writeFileSync(
      good,
      'indicator,period,value,group,source,note\ngld,2022,61,,,\ngld,2023,62.5,,,\ngld,2023,45.5,fsm,,\n',
    );
    const imported = await runCli(['import', 'measurements', good, '--store', `sqlite:${file}`]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported 3 measurements');
  });
});

describe.skipIf(missing !== undefined)('journey serve --demo', () => {
  // Issue 14: "serve --demo publishes a report but keeps no files: its page says the files are not on this server".
  it('keeps its report files in a throwaway folder, so the report page opens the report, served with its styles', async () => {
    const tmp = tempDir('serve-demo');
    const server = await startServer({
      file: join(tmp.dir, 'unused.db'),
      extraArgs: ['--demo'],
      env: { PUBLIC_READ: 'true', REPORT_SCHEDULER: 'on' },
      readyTimeoutMs: 60_000,
    });
    try {
      let link: string | undefined;
      for (let i = 0; i < 200 && !link; i++) {
        const list = await (await fetch(`${server.url}/reports`)).text();
        const period = /href="\/reports\/(\d{4}-Q[1-4])"/.exec(list)?.[1];
        if (period) {
          const page = await (await fetch(`${server.url}/reports/${period}`)).text();
          link = /<a class="button" href="([^"]+\.html)">Read the report<\/a>/.exec(page)?.[1];
        } else await new Promise((r) => setTimeout(r, 100));
      }
      expect(link, server.output()).toBeDefined();
      const file = await fetch(`${server.url}${link}`);
      expect(file.status).toBe(200);
      const html = await file.text();
      expect(html).toContain('<style>');
      // The page's CSP allows exactly the report's own style block, by its hash.
      expect(file.headers.get('content-security-policy')).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    } finally {
      await server.stop();
      tmp.remove();
    }
  }, 120_000);
});
