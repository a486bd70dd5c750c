import express, { type Express, type RequestHandler } from 'express';
export { BODY_LIMIT } from './write-routes.js';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import type { Clock, IdGenerator } from '../clock.js';
import { Ledger } from '../domain/ledger.js';
import type { EventStore } from '../store/port.js';
import { AccessRegistry, authenticate } from './auth.js';
import { ledgerRouter } from './ledger-routes.js';
import { openApiDocument } from './openapi.js';
import { notFoundProblem, problemHandler, sendProblem } from './problem.js';
import { writeRouter } from './write-routes.js';

export interface AppDeps {
  store: EventStore;
  clock: Clock;
  newId: IdGenerator;
  logger?: Logger;
  /** PUBLIC_READ=true: anonymous visitors may read journeys and published reports, nothing else. */
  publicRead?: boolean;
  /** The projections' RxJS runtime, handed to the read routes. */
  runtime?: unknown;
}

/**
 * The HTTP API (DESIGN §6). Authentication runs first (a bad token is a 401 whatever the route), then each route
 * authorises its roles before its body is parsed, so 401/403 come before 413/415/400.
 */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? pino({ level: 'silent' });
  const ledger = new Ledger({ store: deps.store, clock: deps.clock, newId: deps.newId });
  const registry = new AccessRegistry(deps.store);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(helmet());
  app.use(requestLog(logger));

  app.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  app.get('/readyz', async (_req, res) => {
    try {
      res.json({ ok: true, store: deps.store.kind, position: await deps.store.lastPosition() });
    } catch {
      res.status(503).type('application/problem+json')
        .send(JSON.stringify({ type: '/problems/unavailable', title: 'The ledger is not available', status: 503, detail: 'the store does not answer' }));
    }
  });
  const openapi = openApiDocument();
  app.get('/api/openapi.json', (_req, res) => { res.json(openapi); });

  app.use('/api', authenticate(registry));
  app.use('/api', writeRouter(ledger));
  app.use('/api', ledgerRouter(ledger, deps.store));
  // Further /api routers (read routes, reports) mount here, before the 404 below.

  app.use('/api', (req, res) => { sendProblem(res, notFoundProblem(`no route ${req.method} /api${req.path}`)); });
  app.use(problemHandler((e) => logger.error({ err: e }, 'request failed')));
  return app;
}

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, actor: req.actor?.id }, 'request');
    });
    next();
  };
}
