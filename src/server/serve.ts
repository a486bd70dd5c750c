import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { startProjections } from '../../projections/runtime.js';
import { Ledger } from '../app/ledger.js';
import { issueToken, operatorActor } from '../app/tokens.js';
import { systemClock, uuidV7 } from '../clock.js';
import { DEMO_PARTNERS, demoToday, seedDemo } from '../demo/index.js';
import { headSigning, HEAD_SIGNER_ACTOR } from '../app/tree-heads.js';
import { reportScheduler } from '../reports/scheduler.js';
import { configuredSigner } from '../store/merkle/signer.js';
import { openStore } from '../store/open.js';
import type { Config } from './config.js';
import { startServer } from './server.js';

/**
 * `journey serve`, wired once: the store, the projections runtime, the HTTP app (API and pages), the quarterly
 * report scheduler. stop(): stop accepting, let in-flight requests finish, stop the scheduler and the
 * projections, close the store (its WAL checkpointed).
 * A demo is a throwaway in-memory ledger seeded with the demo city, with an admin token to use it, and a
 * contributor token per partner organisation, each limited to the journeys that name it.
 */
export interface ServeSettings {
  config: Config;
  storeUrl: string;
  port: number;
  host: string;
  demo: boolean;
  logger: Logger;
}

export interface Serving {
  url: string;
  position: string;
  demoToken: string | undefined;
  /** A demo's scoped contributors: one per partner organisation (empty when not a demo). */
  demoPartnerTokens: readonly { partner: string; token: string }[];
  stop(): Promise<void>;
}

export async function serve(s: ServeSettings): Promise<Serving> {
  const { config, logger } = s;
  // LEDGER_SIGNING_KEY: read before anything is opened, so a key that cannot be read stops the server with its reason.
  const signer = configuredSigner(config.signingKeyFile, config.checkpointsFile);
  // Poll the file for other processes' appends (a CLI import or revocation shows up without a restart).
  const store = await openStore(s.demo ? 'sqlite::memory:' : s.storeUrl, { pollMs: 250, log: (m) => logger.warn(m) });
  let demoToken: string | undefined;
  const demoPartnerTokens: { partner: string; token: string }[] = [];
  if (s.demo) {
    const seeded = await seedDemo(store, { now: demoToday(systemClock), journeys: 5, years: 6, seed: 1 });
    const ledger = new Ledger({ store, clock: systemClock, newId: uuidV7 });
    demoToken = (await issueToken(ledger, operatorActor(), 'Demo administrator', 'admin')).token;
    // One contributor per partner organisation, each recording only on the journeys naming it (docs/decisions.md, "Scopes").
    for (const partner of DEMO_PARTNERS) {
      const issued = await issueToken(ledger, operatorActor(), `${partner} (demo)`, 'contributor', { partner });
      demoPartnerTokens.push({ partner, token: issued.token });
    }
    logger.info({ events: seeded.written }, 'demo city seeded');
  }
  // A throwaway demo keeps its report files in a throwaway folder, removed at stop, so its report pages work.
  const demoReports = s.demo ? mkdtempSync(join(tmpdir(), 'journey-demo-reports-')) : undefined;
  const reportsDir = demoReports ?? config.reportsDir;
  const runtime = startProjections(store, {
    onError: (f) => logger.error({ failure: f }, 'projection failed on an event'),
  });
  await runtime.ready;
  const server = await startServer({
    store,
    runtime,
    port: s.port,
    host: s.host,
    clock: systemClock,
    newId: uuidV7,
    logger,
    publicRead: config.publicRead,
    reportsDir,
    reportFilesDir: reportsDir,
    ...(config.sessionSecret === undefined ? {} : { sessionSecret: config.sessionSecret }),
    secureCookies: config.secureCookies,
    ...(signer ? { signer } : {}),
    trustProxy: config.trustProxy,
  });
  // Publishes the previous quarter once it has ended: at start and hourly; REPORT_SCHEDULER=off turns it off.
  const scheduler = config.reportScheduler
    ? reportScheduler({
        store,
        clock: systemClock,
        newId: uuidV7,
        outDir: reportsDir,
        log: (message) => logger.info(message),
        ...(signer ? { signer } : {}),
      })
    : null;
  scheduler?.start();
  // A signed tree head at start and at least daily while the server runs (docs/decisions.md, "Witnessed ledger").
  const signing = signer
    ? headSigning(store, {
        signer,
        clock: systemClock,
        newId: uuidV7,
        actor: HEAD_SIGNER_ACTOR,
        log: (message) => logger.info(message),
      })
    : null;
  await signing?.start();
  return {
    url: server.url,
    position: runtime.position(),
    demoToken,
    demoPartnerTokens,
    async stop() {
      scheduler?.stop();
      await signing?.stop();
      await server.close();
      runtime.stop();
      await store.close();
      if (demoReports) rmSync(demoReports, { recursive: true, force: true });
    },
  };
}
