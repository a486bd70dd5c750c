import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { HandleOptions, HandleResult } from '../app/command-handler.js';
import type { Ledger } from '../app/ledger.js';
import type { Command } from '../domain/commands.js';
import type { AccessPolicy, Principal } from '../domain/policy.js';
import { bodySchema, paramsSchema, WRITE_ROUTES, type WriteRoute } from '../events/requests.js';
import { guard } from './auth.js';
import { badRequest, fieldErrors, unsupportedMediaType, type FieldError } from './problem.js';

/**
 * Every write route: parse, authorise, call, answer. No business rule here: the deciders hold them all.
 * 201 { id, eventId, streamId, revision, position } (`id` is the item the event is about: the one it created,
 * or the one named in the path) with an ETag of the stream's new revision, for a later If-Match.
 * A retry with the same Idempotency-Key answers 200 with the first result and writes nothing.
 */
/** 1 MB for every body: larger CSV files go through `journey import measurements`. */
export const BODY_LIMIT = '1mb';
/** Bodies are parsed only once the route has authorised the actor: 401/403 come before 413/415/400. */
export const jsonBody = express.json({ limit: BODY_LIMIT, type: 'application/json' });
export const csvBody = express.text({ limit: BODY_LIMIT, type: 'text/csv' });

/**
 * The policy is asked with the route's command and the journey or indicator its path names; the ledger asks it
 * again with the whole command (a new journey's partners, a new indicator's journeys). A scoped actor's question
 * waits for `upToDate` (the projections caught up with every process's writes), so it is answered on the
 * journeys' partners as they are now.
 */
export function writeRouter(ledger: Ledger, policy: AccessPolicy, upToDate: () => Promise<unknown>): Router {
  const router = Router();
  const placeable: RequestHandler = (req, _res, next) => {
    if (!(req.actor as Principal | undefined)?.scope) return next();
    upToDate().then(() => next(), next);
  };
  for (const route of WRITE_ROUTES) {
    const authorised = guard(policy, (req) => ({
      do: 'write',
      command: route.command,
      ...(typeof req.params.journeyId === 'string' ? { journeyId: req.params.journeyId } : {}),
      ...(typeof req.params.indicatorId === 'string' ? { indicatorId: req.params.indicatorId } : {}),
    }));
    router.post(route.path, placeable, authorised, jsonBody, writeHandler(ledger, route));
  }
  return router;
}

function writeHandler(ledger: Ledger, route: WriteRoute): RequestHandler {
  const params = paramsSchema(route);
  const body = bodySchema(route);
  return async (req, res) => {
    if (!req.is('application/json')) throw unsupportedMediaType('application/json');
    const options = writeOptions(req);
    const p = params.safeParse(req.params);
    const b = body.safeParse(req.body ?? {});
    const errors: FieldError[] = [
      ...(p.success ? [] : fieldErrors(p.error, 'params')),
      ...(b.success ? [] : fieldErrors(b.error)),
    ];
    if (errors.length > 0 || !p.success || !b.success)
      throw badRequest(`the request is not a valid ${route.command} (${route.event})`, errors);
    const command = { type: route.command, ...b.data, ...p.data } as Command;
    const result = await ledger.handle(req.actor!, command, options);
    answer(res, result);
  };
}

function answer(res: Response, result: HandleResult): void {
  res
    .status(result.replayed ? 200 : 201)
    .set('ETag', `"${result.appended.revision}"`)
    .json(result.appended);
}

/** If-Match (a revision, optionally quoted as our ETags are) and Idempotency-Key; malformed ones are a 400. */
export function writeOptions(req: Request): HandleOptions {
  const errors: FieldError[] = [];
  const options: HandleOptions = {};
  const ifMatch = req.header('if-match');
  if (ifMatch !== undefined) {
    const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(ifMatch);
    if (m) options.ifMatch = Number(m[1]);
    else errors.push({ path: 'If-Match', message: 'must be a stream revision, e.g. 3 or "3"' });
  }
  const key = req.header('idempotency-key');
  if (key !== undefined) {
    if (/^[\x21-\x7e]{1,255}$/.test(key)) options.idempotencyKey = key;
    else errors.push({ path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' });
  }
  if (errors.length > 0) throw badRequest('a request header is not valid', errors);
  return options;
}
