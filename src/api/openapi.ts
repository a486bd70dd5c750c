import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { bodySchema, paramsSchema, WRITE_ROUTES, type WriteRoute } from '../events/requests.js';
import { EventsQuery } from './ledger-routes.js';
import { ConsistencyQuery, InclusionQuery, TreeHeadQuery } from './proof-routes.js';

/**
 * OpenAPI 3.1, generated from the same zod schemas that validate the requests (the write routes derived from the
 * event descriptors, src/events/requests.ts), so the document cannot drift from what the server accepts.
 */
const Appended = z
  .object({
    id: z.string().describe('the item the event is about: the id it created, or the one named in the path'),
    eventId: z.string(),
    streamId: z.string(),
    revision: z.number().int(),
    position: z.string().describe('a decimal string'),
  })
  .meta({ id: 'Appended' });
const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
const WriteHeaders = z.object({
  'if-match': z.string().optional().describe('the stream revision you last saw; 409 when the stream has moved on'),
  'idempotency-key': z
    .string()
    .optional()
    .describe('a retry with the same key returns the first result with 200 and writes nothing'),
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});
const errorResponses = {
  400: problem('invalid body, query or header: every failing field listed'),
  401: problem('no or bad token'),
  403: problem('your role may not'),
  404: problem('unknown journey, indicator or item'),
  409: problem('duplicate id, broken rule or revision conflict'),
  413: problem('body over 1 MB'),
  415: problem('not JSON'),
};
const toOpenApiPath = (path: string) => `/api${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;

export function openApiDocument(routes: readonly WriteRoute<string, string>[] = WRITE_ROUTES): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const route of routes) {
    registry.registerPath({
      method: 'post',
      path: toOpenApiPath(route.path),
      summary: route.summary,
      operationId: route.command,
      description: `Records ${route.event}. Roles: ${[...route.roles, 'admin'].join(', ')}.`,
      security: [{ bearer: [] }],
      request: {
        params: paramsSchema(route),
        headers: WriteHeaders,
        body: { required: true, content: { 'application/json': { schema: bodySchema(route) } } },
      },
      responses: {
        201: { description: 'recorded', content: { 'application/json': { schema: Appended } } },
        200: {
          description: 'an idempotent retry: the first result, nothing written',
          content: { 'application/json': { schema: Appended } },
        },
        ...errorResponses,
      },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/api/measurements/import',
    summary: 'Import measurements from CSV, all rows or none',
    operationId: 'ImportMeasurements',
    description:
      'Header row indicator,period,value[,group,source,note,measurementId] in any order; an empty group is the whole population, any other must be one of the indicator’s groups. Every bad row is listed as `line N`. Roles: contributor, admin.',
    security: [{ bearer: [] }],
    request: { headers: WriteHeaders, body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
    responses: { 201: { description: 'imported' }, 200: { description: 'an idempotent retry' }, ...errorResponses },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/events',
    summary: 'The raw ledger in position order (scrutineer, admin)',
    operationId: 'ReadEvents',
    security: [{ bearer: [] }],
    request: { query: EventsQuery },
    responses: {
      200: { description: '{ events, next }' },
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/ledger/verify',
    summary: 'Recompute every hash chain and the ledger digest (scrutineer, admin)',
    operationId: 'VerifyLedger',
    security: [{ bearer: [] }],
    responses: {
      200: { description: '{ ok, events, streams, digest, position, firstBroken? }' },
      401: errorResponses[401],
      403: errorResponses[403],
    },
  });
  // The witnessed ledger (src/api/proof-routes.ts, docs/decisions.md "Witnessed ledger").
  const SignedHead = z
    .object({
      treeSize: z.number().int(),
      rootHash: z.string().describe('hex SHA-256: the RFC 9162 root of the first treeSize events'),
      signedAt: z.string(),
      signature: z.string().describe('base64 Ed25519 over the canonical JSON of { treeSize, rootHash, signedAt }'),
      keyId: z.string().describe("hex SHA-256 of the public key's SPKI DER"),
    })
    .meta({ id: 'SignedTreeHead' });
  const ledgerReads: [path: string, summary: string, id: string, query: z.ZodObject | undefined, ok: string][] = [
    [
      '/api/ledger/tree-head',
      'The latest signed tree head, or the one signed of a size (scrutineer, admin; public with PUBLIC_READ)',
      'TreeHead',
      TreeHeadQuery,
      'a SignedTreeHead; 404 when none was signed',
    ],
    [
      '/api/ledger/public-key',
      'The Ed25519 public key that checks signed tree heads: PEM, or { keyId, algorithm, publicKey } with Accept: application/json (scrutineer, admin; public with PUBLIC_READ)',
      'PublicKey',
      undefined,
      'the key; 404 when the ledger has no signing key',
    ],
    [
      '/api/ledger/proof/inclusion',
      'RFC 9162 inclusion proof of one event (by position or entry number) in the tree of treeSize events (scrutineer, admin)',
      'InclusionProof',
      InclusionQuery,
      '{ position, leafIndex, entry, treeSize, eventHash, leafHash, auditPath, rootHash, leafHashing }',
    ],
    [
      '/api/ledger/proof/consistency',
      'RFC 9162 consistency proof: the tree of `to` events extends the tree of `from` events (scrutineer, admin)',
      'ConsistencyProof',
      ConsistencyQuery,
      '{ from, to, proof }',
    ],
  ];
  for (const [path, summary, operationId, query, ok] of ledgerReads) {
    registry.registerPath({
      method: 'get',
      path,
      summary,
      operationId,
      security: [{ bearer: [] }],
      ...(query ? { request: { query } } : {}),
      responses: {
        200: {
          description: ok,
          ...(operationId === 'TreeHead' ? { content: { 'application/json': { schema: SignedHead } } } : {}),
        },
        400: errorResponses[400],
        401: errorResponses[401],
        403: errorResponses[403],
        404: problem('nothing in the ledger by that number'),
      },
    });
  }
  // The projections' read routes (src/api/read-routes.ts): every one takes ?asOf=<instant> or ?at=<position>.
  const Cut = z.object({
    asOf: z.string().optional().describe('an ISO 8601 UTC instant: only events recorded by then'),
    at: z.string().optional().describe('a ledger position: only events up to it'),
  });
  registry.registerPath({
    method: 'get',
    path: '/api/access',
    summary: 'The access roster now or as of a cut: role, scope and since when, never a token hash (scrutineer, admin)',
    operationId: 'ReadAccessRoster',
    security: [{ bearer: [] }],
    request: { query: Cut },
    responses: {
      200: { description: '{ asOf?, at?, actors: [{ actorId, name, role, revoked, scope, since }] }' },
      400: errorResponses[400],
      401: errorResponses[401],
      403: errorResponses[403],
    },
  });
  const JourneyParams = z.object({ journeyId: z.string() });
  const Group = Cut.extend({
    group: z
      .string()
      .optional()
      .describe('one of the indicator’s groups, or all (the whole population); another is a 400'),
  });
  const reads: [path: string, summary: string, params?: z.ZodObject, query?: z.ZodObject][] = [
    [
      '/api/journeys',
      'City overview: every journey with status, travelled %, last change, open challenges, overdue accountabilities',
      undefined,
      Cut,
    ],
    [
      '/api/journeys/{journeyId}',
      'A journey now (or as of): plans, decisions, changes, indicators, lessons, perspectives',
      JourneyParams,
      Cut,
    ],
    [
      '/api/journeys/{journeyId}/timeline',
      'The journey so far, in order, with who recorded what and when',
      JourneyParams,
      Cut,
    ],
    [
      '/api/journeys/{journeyId}/progress',
      'Distance travelled and still to travel, pace achieved and needed, per indicator',
      JourneyParams,
      Cut,
    ],
    [
      '/api/journeys/{journeyId}/audit',
      'Who decided what: decisions with options, dissent, evidence, what was known; call-ins, corrections, challenges',
      JourneyParams,
      Cut,
    ],
    [
      '/api/decisions',
      'Who decided what, across journeys',
      undefined,
      Cut.extend({ decidedBy: z.string().optional(), from: z.string().optional(), to: z.string().optional() }),
    ],
    [
      '/api/accountabilities',
      'The register of accountabilities',
      undefined,
      Cut.extend({
        holder: z.string().optional(),
        status: z.enum(['open', 'overdue', 'discharged', 'review-due']).optional(),
      }),
    ],
    [
      '/api/indicators/{indicatorId}',
      'An indicator with its measurements and progress (with ?group=, that group’s measurements)',
      z.object({ indicatorId: z.string() }),
      Group,
    ],
    [
      '/api/indicators/{indicatorId}/gaps',
      'An indicator’s gaps between groups: baseline, target, latest, travelled, pace, projected closure, widening; each group’s series (with ?group=, the gaps with that group on either side)',
      z.object({ indicatorId: z.string() }),
      Group,
    ],
  ];
  for (const [path, summary, params, query] of reads) {
    registry.registerPath({
      method: 'get',
      path,
      summary,
      description: 'Roles: any; with PUBLIC_READ=true, anonymous visitors may read /api/journeys….',
      security: [{ bearer: [] }],
      request: { ...(params ? { params } : {}), ...(query ? { query } : {}) },
      responses: {
        200: { description: 'the projected state' },
        400: errorResponses[400],
        401: errorResponses[401],
        404: errorResponses[404],
      },
    });
  }
  for (const [path, summary] of [
    ['/healthz', 'The process is up'],
    ['/readyz', 'The store answers'],
  ] as const) {
    registry.registerPath({
      method: 'get',
      path,
      summary,
      responses: { 200: { description: 'ok' }, 503: problem('not ready') },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Journey Ledger',
      version: '0.1.0',
      description:
        'An event-sourced change-journey ledger: every plan, decision, change and measurement is an immutable event.',
    },
    servers: [{ url: '/' }],
  });
}
