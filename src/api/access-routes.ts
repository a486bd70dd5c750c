import { Router } from 'express';
import { accessRosterAt } from '../app/access-registry.js';
import type { AccessPolicy } from '../domain/policy.js';
import type { EventStore } from '../store/port.js';
import { guard } from './auth.js';
import { parseCut } from './read-routes.js';

/**
 * GET /api/access[?asOf=|?at=]: the access roster (who may sign in, with which role and scope, since when), now or
 * as it stood at a cut: the access stream replayed to it. For scrutineers and admins, as the raw ledger is; never
 * the token hashes.
 */
export function accessRouter(store: EventStore, policy: AccessPolicy): Router {
  const router = Router();
  router.get(
    '/access',
    guard(policy, () => ({ do: 'read', what: 'ledger' })),
    async (req, res) => {
      const cut = parseCut(req);
      res.json({ ...(cut ?? {}), actors: await accessRosterAt(store, cut) });
    },
  );
  return router;
}
