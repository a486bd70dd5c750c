import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { startProjections } from '../../projections/runtime.js';
import { AccessRegistry } from '../../src/app/access-registry.js';
import { hashToken } from '../../src/app/tokens.js';
import { accessPolicy } from '../../src/domain/policy.js';
import { reportFiles } from '../../src/reports/files.js';
import { systemClock, uuidV7 } from '../../src/clock.js';
import type { Command } from '../../src/domain/commands.js';
import { Ledger } from '../../src/app/ledger.js';
import type { Actor } from '../../src/events/index.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { createWebRouter } from '../../src/web/router.js';
import { webReads } from '../../src/web/reads.js';

/**
 * A real web server on port 0 over a temp SQLite file, seeded through the domain command handler with one
 * journey (indicator with a corrected measurement, two dependent plans, two decisions, a challenged change).
 */
export const TOKENS = {
  contributor: 'jl_contributor-token-0001',
  scrutineer: 'jl_scrutineer-token-0001',
  viewer: 'jl_viewer-token-00000001',
};
const admin: Actor = { id: 'system', name: 'Seeder', role: 'admin' };
const manager: Actor = { id: 'a-manager', name: 'Mina Manager', role: 'contributor' };
const scrutineer: Actor = { id: 'a-scrutineer', name: 'Sam Scrutiny', role: 'scrutineer' };

export interface Harness {
  url: string;
  ledger: Ledger;
  close(): Promise<void>;
}

export async function startWeb(
  options: { publicRead?: boolean; signInLimit?: { windowMs: number; limit: number } } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'jl-web-'));
  const store = openSqliteStore({ file: join(dir, 'ledger.db') });
  const ledger = new Ledger({ store, clock: { now: () => new Date() }, newId: uuidV7 });
  const run = (actor: Actor, c: Command) => ledger.handle(actor, c);
  await run(admin, {
    type: 'EnrollActor',
    actorId: 'a-manager',
    name: 'Mina Manager',
    role: 'contributor',
    tokenHash: hashToken(TOKENS.contributor),
  });
  await run(admin, {
    type: 'EnrollActor',
    actorId: 'a-scrutineer',
    name: 'Sam Scrutiny',
    role: 'scrutineer',
    tokenHash: hashToken(TOKENS.scrutineer),
  });
  await run(admin, {
    type: 'EnrollActor',
    actorId: 'a-viewer',
    name: 'Vic Viewer',
    role: 'viewer',
    tokenHash: hashToken(TOKENS.viewer),
  });
  await seedJourney(run);
  const runtime = startProjections(store);
  await runtime.ready;
  const reads = webReads({ store, runtime, clock: systemClock }, reportFiles(join(dir, 'reports')));
  const app = express();
  app.use(
    createWebRouter({
      reads,
      ledger,
      auth: new AccessRegistry(store),
      policy: accessPolicy({ publicRead: options.publicRead ?? false }),
      sessionSecret: 'test-secret',
      signInLimit: options.signInLimit ?? { windowMs: 60_000, limit: 1000 },
    }),
  );
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ledger,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      runtime.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function seedJourney(run: (a: Actor, c: Command) => Promise<unknown>): Promise<void> {
  const journeyId = 'school-readiness';
  await run(manager, {
    type: 'CharterJourney',
    journeyId,
    title: 'Every child ready for school',
    ambition: 'Children in Ardenbridge start school ready to learn by 2027',
    horizon: '2027-07-31',
    lead: 'Director of Children’s Services',
    partners: ['NHS Ardenbridge', 'Ardenbridge Libraries'],
  });
  await run(manager, {
    type: 'DefineIndicator',
    indicatorId: 'good-level-development',
    name: 'Children at a good level of development',
    unit: '%',
    direction: 'increase',
    baseline: { value: 62, period: '2022' },
    target: { value: 72, period: '2027' },
    frequency: 'annual',
    journeyIds: [journeyId],
    doNothing: { value: 61, period: '2027' },
  });
  await run(manager, {
    type: 'RecordMeasurement',
    indicatorId: 'good-level-development',
    measurementId: 'gld-2023',
    period: '2023',
    value: 63.5,
  });
  await run(manager, {
    type: 'RecordMeasurement',
    indicatorId: 'good-level-development',
    measurementId: 'gld-2024',
    period: '2024',
    value: 66.9,
  });
  await run(manager, {
    type: 'CorrectMeasurement',
    indicatorId: 'good-level-development',
    measurementId: 'gld-2024',
    value: 64.9,
    reason: 'double-counted one nursery',
  });
  await run(manager, {
    type: 'AdoptPlan',
    journeyId,
    planId: 'family-hubs',
    intent: 'Open family hubs in every ward',
    owner: 'Head of Early Help',
    accountableTo: 'board',
    indicatorIds: ['good-level-development'],
  });
  await run(manager, {
    type: 'AdoptPlan',
    journeyId,
    planId: 'reading-packs',
    intent: 'Reading packs handed out at the hubs',
    owner: 'Libraries lead',
    accountableTo: 'board',
    dependsOn: ['family-hubs'],
  });
  await run(manager, {
    type: 'TakeDecision',
    journeyId,
    decisionId: 'open-hubs',
    summary: 'Open four family hubs',
    decidedBy: 'Children’s Partnership Board',
    decidedAt: '2024-02-01T10:00:00Z',
    rationale: 'Families asked for one door',
    planId: 'family-hubs',
    optionsConsidered: [{ option: 'One central hub', reasonNotChosen: 'Too far for families without a car' }],
    interestsDeclared: [],
    dissent: [{ who: 'Cllr Dale', view: 'Money would go further on health visitors' }],
  });
  await run(manager, {
    type: 'TakeDecision',
    journeyId,
    decisionId: 'extend-hours',
    summary: 'Open the hubs on Saturdays',
    decidedBy: 'Head of Early Help',
    decidedAt: '2025-03-01T10:00:00Z',
    rationale: 'Working parents cannot come on weekdays',
    callInUntil: '2030-12-31',
  });
  await run(manager, {
    type: 'ReportChange',
    journeyId,
    changeId: 'hub-visits',
    whatChanged: '120 more families now see a health visitor before their child turns two',
    forWhom: 'Families in Eastside',
    evidence: ['hub register'],
    occurredAt: '2025-06-30',
    question: 'better-off',
    planId: 'family-hubs',
  });
  await run(scrutineer, {
    type: 'ChallengeChange',
    journeyId,
    changeId: 'hub-visits',
    challengeId: 'which-families',
    challenge: 'Are these new families or repeat visits?',
  });
  await run(manager, {
    type: 'AssignAccountability',
    journeyId,
    accountabilityId: 'hub-report',
    holder: 'Head of Early Help',
    accountableTo: 'board',
    for: 'Report hub reach by ward',
    dueBy: '2025-01-31',
  });
}

/** A tiny cookie-keeping client for the server-side tests (the browser tests use Chromium). */
export function client(base: string) {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return {
    jar,
    async get(path: string) {
      const res = await fetch(base + path, { headers: { cookie: cookie() }, redirect: 'manual' });
      keep(res);
      return { res, html: await res.text() };
    },
    async post(path: string, form: Record<string, string | string[]>, csrfFrom?: string) {
      const body = new URLSearchParams();
      if (csrfFrom !== undefined) body.append('_csrf', csrfOf((await this.get(csrfFrom)).html));
      for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
      const res = await fetch(base + path, {
        method: 'POST',
        headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
        body,
        redirect: 'manual',
      });
      keep(res);
      return { res, html: await res.text() };
    },
    async signIn(token: string) {
      return this.post('/login', { token, next: '/' }, '/login');
    },
  };
}
