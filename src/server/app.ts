import express, { type Express, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import type { ReadSources } from '../../projections/contexts.js';
import { startProjections, type ProjectionRuntime } from '../../projections/runtime.js';
import { checkpointsFor } from '../../projections/checkpoints.js';
import { journeyFacts } from '../../projections/scope-facts.js';
import { createApiRouter } from '../api/router.js';
import { openApiDocument } from '../api/openapi.js';
import { problemHandler } from '../api/problem.js';
import { AccessRegistry } from '../app/access-registry.js';
import { heavyWork } from '../app/heavy-work.js';
import { Ledger } from '../app/ledger.js';
import type { Clock, IdGenerator } from '../clock.js';
import { accessPolicy } from '../domain/policy.js';
import { reportFiles } from '../reports/files.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import { StoreUnavailableError, type EventStore } from '../store/port.js';
import type { TrustProxy } from './config.js';
import { webReads } from '../web/reads.js';
import { createWebRouter } from '../web/router.js';

/**
 * The HTTP application, wired once: one ledger (write side), one access registry and one access policy, one
 * projections runtime and one set of read sources, shared by the API (/api) and the pages (everything else).
 */
export interface AppDeps {
  store: EventStore;
  clock: Clock;
  newId: IdGenerator;
  logger?: Logger;
  /** PUBLIC_READ: anonymous visitors may read journeys, indicators and published reports, nothing else. */
  publicRead?: boolean;
  /** The projections' RxJS runtime; started here over the store when not given. */
  runtime?: ProjectionRuntime;
  /** Where published report files are written (REPORTS_DIR); absent: reports live in the ledger only. */
  reportsDir?: string;
  /** Where the pages look for published report files (default: reportsDir, else ./reports). */
  reportFilesDir?: string;
  sessionSecret?: string;
  secureCookies?: boolean;
  /** Signs tree heads (LEDGER_SIGNING_KEY); absent: the ledger works with unsigned heads. */
  signer?: HeadSigner;
  /** TRUST_PROXY (src/server/config.ts): which proxies may name the client's address; default none. */
  trustProxy?: TrustProxy;
}

export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const runtime = deps.runtime ?? startProjections(deps.store, { checkpoints: checkpointsFor(deps.store) });
  const registry = new AccessRegistry(deps.store);
  // A scoped contributor's writes are placed against the live projections (docs/decisions.md, "Scopes").
  const policy = accessPolicy({
    publicRead: deps.publicRead ?? false,
    journeys: journeyFacts(() => runtime.snapshot()),
  });
  const ledger = new Ledger({ store: deps.store, clock: deps.clock, newId: deps.newId, policy });
  // Whole-ledger replays, verification, imports and report builds: two at a time (docs/decisions.md).
  const heavy = heavyWork(2);
  const sources: ReadSources = { store: deps.store, runtime, clock: deps.clock, heavy };
  let caughtUp = false;
  runtime.ready.then(
    () => {
      caughtUp = true;
    },
    (e: unknown) => logger.error({ err: e }, 'projections failed to catch up'),
  );
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(sameHeadersEveryTime(helmet()));
  app.use(requestLog(logger));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.store.check?.();
      const position = await deps.store.lastPosition();
      if (!caughtUp) throw new Error('projections still catching up');
      res.json({ ok: true, store: deps.store.kind, position, projected: runtime.position() });
    } catch (e) {
      res
        .status(503)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: '/problems/unavailable',
            title: 'The ledger is not available',
            status: 503,
            detail:
              e instanceof StoreUnavailableError
                ? `the ledger cannot take writes: ${e.message}`
                : 'the store does not answer, or the projections are still catching up',
          }),
        );
    }
  });
  const openapi = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(
    '/api',
    createApiRouter({
      ledger,
      registry,
      policy,
      sources,
      newId: deps.newId,
      ...(deps.reportsDir === undefined ? {} : { reportsDir: deps.reportsDir }),
      ...(deps.signer ? { signer: deps.signer } : {}),
    }),
  );
  // The web pages (src/web): everything outside /api, /healthz and /readyz.
  app.use(
    createWebRouter({
      reads: webReads(sources, reportFiles(deps.reportFilesDir ?? deps.reportsDir ?? './reports')),
      ledger,
      auth: registry,
      policy,
      clock: deps.clock,
      ...(deps.sessionSecret === undefined ? {} : { sessionSecret: deps.sessionSecret }),
      ...(deps.secureCookies === undefined ? {} : { secureCookies: deps.secureCookies }),
    }),
  );
  app.use(problemHandler((e) => logger.error({ err: e }, 'request failed')));
  return app;
}

/**
 * helmet's headers, worked out once: configured without per-request values (no CSP nonce), they are the same for
 * every response, and helmet would otherwise build them again (the CSP string among them) for each request.
 */
function sameHeadersEveryTime(middleware: RequestHandler): RequestHandler {
  const headers: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let finished = false;
  void middleware({} as Request, recorder as unknown as Response, () => {
    finished = true;
  });
  if (!finished) throw new Error('the security headers could not be worked out once');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          method: req.method,
          path: req.originalUrl.split('?')[0],
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          actor: req.actor?.id,
        },
        'request',
      );
    });
    next();
  };
}
