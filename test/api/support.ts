import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock, sequentialIds } from '../../src/clock.js';
import { Ledger } from '../../src/app/ledger.js';
import type { Actor, Role } from '../../src/events/index.js';
import { hashToken } from '../../src/app/tokens.js';
import type { TrustProxy } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/server.js';
import type { HeadSigner } from '../../src/store/merkle/signer.js';
import { openSqliteStore, type SqliteEventStore } from '../../src/store/sqlite.js';

/** A real server on port 0 over a temp SQLite file, with one token per role. */
export const NOW = '2026-11-25T12:00:00.000Z';
export const ROLES: Role[] = ['viewer', 'contributor', 'scrutineer', 'admin'];
export const SYSTEM: Actor = { id: 'system', name: 'test setup', role: 'system' };

export interface Harness {
  url: string;
  /** The server's clock: it stands at NOW until a test moves it. */
  clock: ReturnType<typeof fixedClock>;
  store: SqliteEventStore;
  file: string;
  tokens: Record<Role, string>;
  ledger: Ledger;
  server: RunningServer;
  /** Events in the ledger: every error test checks it did not move. */
  count(): Promise<number>;
  call(method: string, path: string, opts?: CallOptions): Promise<Reply>;
  stop(): Promise<void>;
}
export interface CallOptions {
  role?: Role | 'none';
  token?: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}
export interface Reply {
  status: number;
  type: string;
  body: unknown;
  headers: Headers;
}

export const tokenFor = (role: Role) => `jl_test-token-for-${role}-0123456789`;

export async function startHarness(
  options: { publicRead?: boolean; signer?: HeadSigner; trustProxy?: TrustProxy } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
  const file = join(dir, 'ledger.db');
  const clock = fixedClock(NOW);
  const store = openSqliteStore({ file, clock });
  const ledger = new Ledger({ store, clock, newId: sequentialIds('setup') });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    tokens[role] = tokenFor(role);
    await ledger.handle(SYSTEM, {
      type: 'EnrollActor',
      actorId: `${role}-actor`,
      name: `A ${role}`,
      role,
      tokenHash: hashToken(tokens[role]),
    });
  }
  const server = await startServer({
    store,
    port: 0,
    clock,
    newId: sequentialIds('id'),
    publicRead: options.publicRead ?? false,
    ...(options.signer ? { signer: options.signer } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Reply> => {
    const token = o.token ?? (o.role === 'none' ? undefined : tokens[o.role ?? 'admin']);
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...o.headers };
    let body: string | undefined;
    if (o.raw !== undefined) body = o.raw;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['content-type'] = o.contentType ?? 'application/json';
    const res = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const type = res.headers.get('content-type') ?? '';
    const text = await res.text();
    return {
      status: res.status,
      type,
      body: type.includes('json') && text ? JSON.parse(text) : text,
      headers: res.headers,
    };
  };
  return {
    url: server.url,
    clock,
    store,
    file,
    tokens,
    ledger,
    server,
    call,
    count: async () => Number(await store.lastPosition()),
    stop: async () => {
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The problem+json shape of RFC 9457. */
export function isProblem(r: Reply, status: number): boolean {
  const b = r.body as { status?: unknown; title?: unknown; type?: unknown };
  return (
    r.status === status &&
    r.type.startsWith('application/problem+json') &&
    b.status === status &&
    typeof b.title === 'string' &&
    typeof b.type === 'string'
  );
}
