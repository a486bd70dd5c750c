import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import { Busy } from '../app/heavy-work.js';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
import { ConcurrencyError, DuplicateEventError, StoreUnavailableError } from '../store/port.js';

/**
 * RFC 9457 problem details: every error the API answers is `application/problem+json`
 * `{ type, title, status, detail, errors?: [{ path, message }] }`, with every failing field listed.
 * This module is the one place where domain errors become HTTP statuses.
 */
export interface FieldError {
  path: string;
  message: string;
}
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** How many errors there were, when more than the MAX_LISTED_ERRORS listed. */
  errorCount?: number;
}

/** A problem lists at most this many errors (and says how many there were): an 80,000-key body gets a short answer. */
export const MAX_LISTED_ERRORS = 100;

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['invalid', 'The request is not valid'],
  401: ['unauthenticated', 'A valid access token is needed'],
  403: ['forbidden', 'You may not do this'],
  404: ['not-found', 'Not found'],
  409: ['conflict', 'Conflict with what the ledger already holds'],
  413: ['too-large', 'The request body is larger than 1 MB'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  429: ['too-many-requests', 'Too many attempts: wait and try again'],
  500: ['internal', 'Something went wrong on our side'],
  503: ['unavailable', 'The ledger is not available'],
};

export class Problem extends Error {
  override readonly name = 'Problem';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  get body(): ProblemBody {
    const [slug, title] = TITLES[this.status] ?? ['error', 'Error'];
    const errors = this.errors ?? [];
    const capped = errors.length > MAX_LISTED_ERRORS;
    return {
      type: `/problems/${slug}`,
      title,
      status: this.status,
      detail: capped
        ? `${this.detail} (the first ${MAX_LISTED_ERRORS} of ${errors.length} errors are listed)`
        : this.detail,
      ...(errors.length > 0 ? { errors: capped ? errors.slice(0, MAX_LISTED_ERRORS) : errors } : {}),
      ...(capped ? { errorCount: errors.length } : {}),
    };
  }
}

export const badRequest = (detail: string, errors?: FieldError[]) => new Problem(400, detail, errors);
export const unauthenticated = (
  detail = 'send Authorization: Bearer <token> (tokens come from `journey token issue`)',
) => new Problem(401, detail, undefined, { 'WWW-Authenticate': 'Bearer realm="journey-ledger"' });
export const forbidden = (detail: string) => new Problem(403, detail);
export const notFoundProblem = (detail: string) => new Problem(404, detail);
export const unsupportedMediaType = (expected: string) => new Problem(415, `send the body as ${expected}`);

/** Every zod issue as one field error; an unknown key becomes one error per key, at that key. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  const at = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter((p) => p !== '').join('.');
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({
        path: at([...issue.path, k]),
        message: 'is not a known field (unknown fields are rejected)',
      }));
    }
    return [{ path: at(issue.path), message: issue.message }];
  });
}

const STATUS_OF: Record<DomainErrorKind, number> = { 'not-found': 404, conflict: 409, invalid: 400, forbidden: 403 };

/** The single mapping from whatever went wrong to a problem. */
export function toProblem(e: unknown): Problem {
  if (e instanceof Problem) return e;
  if (e instanceof DomainError)
    return new Problem(STATUS_OF[e.kind], e.message, e.errors.length > 0 ? e.errors : undefined);
  if (e instanceof z.ZodError) return badRequest('the request is not valid', fieldErrors(e));
  if (e instanceof ConcurrencyError) {
    return new Problem(
      409,
      `the stream ${e.streamId} has moved on: it is at revision ${e.actual}, the request expected ${e.expected}; read it again and retry`,
      [{ path: 'If-Match', message: `expected revision ${e.expected}, the stream is at ${e.actual}` }],
    );
  }
  if (e instanceof Busy) return new Problem(503, e.message, undefined, { 'Retry-After': '5' });
  if (e instanceof DuplicateEventError)
    return new Problem(409, `event ${e.eventId} is already stored in ${e.streamId}: nothing was written`);
  if (e instanceof StoreUnavailableError)
    return new Problem(503, `the ledger cannot take writes now: ${e.message}; nothing was written`, undefined, {
      'Retry-After': '30',
    });
  // body-parser's errors carry a status and a type; the router's (a malformed %-escape in the path) a status.
  if (typeof e === 'object' && e !== null && ('status' in e || 'statusCode' in e)) {
    const { type, status, statusCode } = e as { type?: unknown; status?: unknown; statusCode?: unknown };
    if (type === 'entity.too.large') return new Problem(413, 'the request body is larger than 1 MB: split it up');
    if (type === 'entity.parse.failed')
      return badRequest('the body is not valid JSON', [{ path: '', message: 'is not valid JSON' }]);
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return new Problem(415, 'send the body as UTF-8');
    const code = typeof status === 'number' ? status : statusCode;
    if (e instanceof URIError || (typeof code === 'number' && code === 400 && !type)) {
      return badRequest('the URL is not valid: a path segment has a malformed %-escape', [
        { path: 'url', message: 'malformed percent-encoding' },
      ]);
    }
    if (typeof code === 'number' && code >= 400 && code < 500)
      return new Problem(code, e instanceof Error ? e.message : 'bad request');
  }
  return new Problem(500, 'an unexpected error occurred; it has been logged');
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).set(problem.headers).type('application/problem+json').send(JSON.stringify(problem.body));
}

/** Express error handler: answers problem+json; logs only what is our fault (5xx). */
export const problemHandler =
  (log: (e: unknown) => void): ErrorRequestHandler =>
  (err, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const problem = toProblem(err);
    if (problem.status >= 500) log(err);
    sendProblem(res, problem);
  };
