import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { StoredEvent } from '../events/index.js';
import { importMeasurements } from '../domain/measurement-import.js';
import type { Ledger } from '../domain/ledger.js';
import type { EventStore } from '../store/port.js';
import { verifyLedger } from '../store/verify.js';
import { allow } from './auth.js';
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

/** The raw ledger (scrutineers, admins): events in position order, a page at a time; `next` is the `after` of the next page. */
export function eventsHandler(store: EventStore): RequestHandler {
  return async (req, res) => {
    const q = EventsQuery.safeParse(req.query);
    if (!q.success) throw badRequest('the query is not valid', fieldErrors(q.error, 'query'));
    const { after, limit, stream } = q.data;
    const events: StoredEvent[] = [];
    const source = stream === undefined ? store.readAll({ after, pageSize: limit }) : store.readStream(stream);
    for await (const e of source) {
      if (BigInt(e.position) <= BigInt(after)) continue;
      events.push(e);
      if (events.length === limit) break;
    }
    const next = events.length === limit ? (events[events.length - 1] as StoredEvent).position : null;
    res.json({ events, next });
  };
}

export function ledgerRouter(ledger: Ledger, store: EventStore): Router {
  const router = Router();
  router.get('/events', allow('scrutineer'), eventsHandler(store));
  router.get('/ledger/verify', allow('scrutineer'), async (_req, res) => {
    res.json(await verifyLedger(store));
  });
  // text/csv, all rows or none; bad rows are listed as `line N` in a 400 problem.
  router.post('/measurements/import', allow('contributor'), csvBody, async (req, res) => {
    if (!req.is('text/csv'))
      throw unsupportedMediaType('text/csv (a header row indicator,period,value,source,note[,measurementId])');
    const options = writeOptions(req);
    if (options.ifMatch !== undefined) {
      throw badRequest(
        'If-Match does not apply to an import: it may touch several streams, and is all or nothing anyway',
        [{ path: 'If-Match', message: 'not accepted here' }],
      );
    }
    const text = typeof req.body === 'string' ? req.body : '';
    const result = await importMeasurements(ledger, req.actor!, text, options);
    res.status(result.replayed ? 200 : 201).json(result);
  });
  return router;
}
