import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';

/** The web pages are mounted beside the API by createApp: /login is a page, /api stays problem+json. */
let dir: string;
let store: SqliteEventStore;
let server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'jl-mount-'));
  store = openSqliteStore({ file: join(dir, 'ledger.db') });
  server = await startServer({ store, port: 0 });
});
afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the web router mounted in the API server', () => {
  it('serves the sign-in page and its stylesheet', async () => {
    const page = await fetch(`${server.url}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Sign in</h1>');
    expect((await fetch(`${server.url}/static/site.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });

  it('leaves /api to the API', async () => {
    const res = await fetch(`${server.url}/api/no-such-thing`);
    expect([401, 404]).toContain(res.status); // the API's own answer (a sign-in is asked first)
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});
