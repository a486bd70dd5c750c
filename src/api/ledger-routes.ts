import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Ledger } from '../app/ledger.js';
import { importMeasurements } from '../app/measurement-import.js';
import { servedEvent } from '../domain/access.js';
import type { AccessPolicy } from '../domain/policy.js';
import { comparePositions, type StoredEvent } from '../events/index.js';
import type { EventStore } from '../store/port.js';
import { heavyOf, type ReadSources } from '../../projections/contexts.js';
import { nextTurn } from '../clock.js';
import { verifyLedger } from '../store/verify.js';
import { guard } from './auth.js';
import { badRequest, fieldErrors, unsupportedMediaType } from './problem.js';
import { csvBody, writeOptions } from './write-routes.js';

export const EventsQuery = z.strictObject({
  after: z
    .string()
    .regex(/^\d{1,30}$/, 'must be a position (a whole number)')
    .default('0'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  stream: z.string().min(1).max(200).optional(),
});

/**
 * The raw ledger (scrutineers, admins): events in position order, a page at a time; `next` is the `after` of the next
 * page. Token hashes are withheld (src/domain/access.ts).
 */
export function eventsHandler(store: EventStore): RequestHandler {
  return async (req, res) => {
    const q = EventsQuery.safeParse(req.query);
    if (!q.success) throw badRequest('the query is not valid', fieldErrors(q.error, 'query'));
    const { limit, stream } = q.data;
    const after = BigInt(q.data.after).toString(); // canonical (no leading zeros), as positions compare
    const events: StoredEvent[] = [];
    const source = stream === undefined ? store.readAll({ after, pageSize: limit }) : store.readStream(stream);
    for await (const e of source) {
      if (comparePositions(e.position, after) <= 0) continue;
      events.push(e);
      if (events.length === limit) break;
    }
    const next = events.length === limit ? (events[events.length - 1] as StoredEvent).position : null;
    res.json({ events: events.map(servedEvent), next });
  };
}

export function ledgerRouter(ledger: Ledger, sources: ReadSources, policy: AccessPolicy): Router {
  const { store } = sources;
  const heavy = heavyOf(sources);
  const router = Router();
  const readsLedger = guard(policy, () => ({ do: 'read', what: 'ledger' }));
  router.get('/events', readsLedger, eventsHandler(store));
  // Verification reads every event: heavy work, a turn of the event loop between pages.
  router.get('/ledger/verify', readsLedger, async (_req, res) => {
    res.json(await heavy(() => verifyLedger(store, { onPage: nextTurn })));
  });
  // text/csv, all rows or none; bad rows are listed as `line N` in a 400 problem.
  router.post(
    '/measurements/import',
    guard(policy, () => ({ do: 'import-measurements' })),
    csvBody,
    async (req, res) => {
      if (!req.is('text/csv'))
        throw unsupportedMediaType('text/csv (a header row indicator,period,value[,group,source,note,measurementId])');
      const options = writeOptions(req);
      if (options.ifMatch !== undefined) {
        throw badRequest(
          'If-Match does not apply to an import: it may touch several streams, and is all or nothing anyway',
          [{ path: 'If-Match', message: 'not accepted here' }],
        );
      }
      const text = typeof req.body === 'string' ? req.body : '';
      const result = await heavy(() => importMeasurements(ledger, req.actor!, text, options));
      res.status(result.replayed ? 200 : 201).json(result);
    },
  );
  return router;
}
