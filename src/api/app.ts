import express, { type Express, type RequestHandler } from 'express';
export { BODY_LIMIT } from './write-routes.js';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import type { Clock, IdGenerator } from '../clock.js';
import { Ledger } from '../domain/ledger.js';
import type { EventStore } from '../store/port.js';
import { startProjections, type ProjectionRuntime } from '../../projections/runtime.js';
import { AccessRegistry, allowRead, authenticate, FailedAttempts } from './auth.js';
import { createReadRouter } from './read-routes.js';
import { ledgerRouter } from './ledger-routes.js';
import { openApiDocument } from './openapi.js';
import { notFoundProblem, problemHandler, sendProblem } from './problem.js';
import { writeRouter } from './write-routes.js';
import { createWebRouter } from '../web/router.js';
import { projectionReads } from '../web/wiring.js';
import { reportsRouter } from '../reports/routes.js';

export interface AppDeps {
  store: EventStore;
  clock: Clock;
  newId: IdGenerator;
  logger?: Logger;
  /** PUBLIC_READ=true: anonymous visitors may read journeys and published reports, nothing else. */
  publicRead?: boolean;
  /** The projections' RxJS runtime, handed to the read routes; started here over the store when not given. */
  runtime?: ProjectionRuntime;
  /** Where published report files are written and read (REPORTS_DIR); absent: reports live in the ledger only. */
  reportsDir?: string;
}

/**
 * The HTTP API (DESIGN §6). Authentication runs first (a bad token is a 401 whatever the route), then each route
 * authorises its roles before its body is parsed, so 401/403 come before 413/415/400.
 */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const ledger = new Ledger({ store: deps.store, clock: deps.clock, newId: deps.newId });
  const registry = new AccessRegistry(deps.store);
  const runtime = deps.runtime ?? startProjections(deps.store);
  let caughtUp = false;
  runtime.ready.then(
    () => {
      caughtUp = true;
    },
    (e: unknown) => logger.error({ err: e }, 'projections failed to catch up'),
  );
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(requestLog(logger));

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const position = await deps.store.lastPosition();
      if (!caughtUp) throw new Error('projections still catching up');
      res.json({ ok: true, store: deps.store.kind, position, projected: runtime.position() });
    } catch {
      res
        .status(503)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: '/problems/unavailable',
            title: 'The ledger is not available',
            status: 503,
            detail: 'the store does not answer, or the projections are still catching up',
          }),
        );
    }
  });
  const openapi = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  app.use('/api', authenticate(registry, new FailedAttempts(() => deps.clock.now().getTime())));
  app.use('/api', writeRouter(ledger));
  app.use('/api', ledgerRouter(ledger, deps.store));
  // Reads: any signed-in role; with PUBLIC_READ, anonymous visitors may read journeys and reports only.
  app.use(
    '/api',
    allowRead(deps.publicRead ?? false),
    createReadRouter({ store: deps.store, clock: deps.clock, runtime }),
  );
  app.use(
    '/api',
    reportsRouter({
      store: deps.store,
      clock: deps.clock,
      newId: deps.newId,
      publicRead: deps.publicRead ?? false,
      ...(deps.reportsDir === undefined ? {} : { outDir: deps.reportsDir }),
    }),
  );

  app.use('/api', (req, res) => {
    sendProblem(res, notFoundProblem(`no route ${req.method} /api${req.path}`));
  });
  // The web pages (src/web): everything outside /api, /healthz and /readyz.
  app.use(
    createWebRouter({
      reads: projectionReads({ store: deps.store, runtime, clock: deps.clock }),
      ledger,
      auth: registry,
      publicRead: deps.publicRead ?? false,
    }),
  );
  app.use(problemHandler((e) => logger.error({ err: e }, 'request failed')));
  return app;
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
