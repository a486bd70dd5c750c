import { Router } from 'express';
import { liveContext, type ReadSources } from '../../projections/contexts.js';
import type { AccessRegistry } from '../app/access-registry.js';
import type { Ledger } from '../app/ledger.js';
import type { IdGenerator } from '../clock.js';
import type { HeadSigner } from '../store/merkle/signer.js';
import type { AccessPolicy } from '../domain/policy.js';
import { accessRouter } from './access-routes.js';
import { authenticate, FailedAttempts, guardReads } from './auth.js';
import { ledgerRouter } from './ledger-routes.js';
import { proofRouter } from './proof-routes.js';
import { notFoundProblem, sendProblem } from './problem.js';
import { createReadRouter } from './read-routes.js';
import { reportsRouter } from './report-routes.js';
import { writeRouter } from './write-routes.js';

/**
 * The HTTP API, mounted at /api. Authentication runs first (a bad token is a 401 whatever the route), then each
 * route asks the access policy before its body is parsed, so 401/403 come before 413/415/400.
 */
export interface ApiDeps {
  ledger: Ledger;
  registry: AccessRegistry;
  policy: AccessPolicy;
  sources: ReadSources;
  newId: IdGenerator;
  /** Where published report files are written (REPORTS_DIR); absent: reports live in the ledger only. */
  reportsDir?: string;
  /** Signs tree heads (LEDGER_SIGNING_KEY): reports' heads, and the public key served; absent: heads unsigned. */
  signer?: HeadSigner;
}

export function createApiRouter(deps: ApiDeps): Router {
  const { ledger, policy, sources } = deps;
  const router = Router();
  router.use(authenticate(deps.registry, new FailedAttempts(() => sources.clock.now().getTime())));
  router.use(writeRouter(ledger, policy, () => liveContext(sources)));
  router.use(ledgerRouter(ledger, sources, policy));
  router.use(proofRouter(sources, policy, deps.signer));
  router.use(accessRouter(sources.store, policy));
  router.use(
    reportsRouter({
      sources,
      policy,
      newId: deps.newId,
      ...(deps.reportsDir === undefined ? {} : { outDir: deps.reportsDir }),
      ...(deps.signer ? { signer: deps.signer } : {}),
    }),
  );
  router.use(guardReads(policy), createReadRouter(sources));
  router.use((req, res) => {
    sendProblem(res, notFoundProblem(`no route ${req.method} /api${req.path}`));
  });
  return router;
}
