import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/index.js';
import { commandEvents, type CommandType } from '../../src/events/catalogue.js';
import { WRITE_ROUTES } from '../../src/events/requests.js';
import { prepare, routeCases } from './fixtures.js';
import { startHarness, type Harness } from './support.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, 'happy');
});
afterAll(async () => h.stop());

describe('every write route records its event', () => {
  for (const c of routeCases('happy')) {
    it(`${c.name}: 201 with where the event went, the actor from the token`, async () => {
      const role = c.roles[0] ?? 'admin';
      const before = await h.count();
      const r = c.csv
        ? await h.call('POST', c.path, { role, raw: c.body as string, contentType: 'text/csv' })
        : await h.call('POST', c.path, { role, body: c.body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const after = await h.count();
      expect(after).toBeGreaterThan(before);
      if (!c.csv) {
        const body = r.body as { id: string; eventId: string; streamId: string; revision: number; position: string };
        expect(body.position).toBe(String(after));
        expect(r.headers.get('etag')).toBe(`"${body.revision}"`);
        const stored: StoredEvent[] = [];
        for await (const e of h.store.readStream(body.streamId, { fromRevision: body.revision })) stored.push(e);
        expect(stored[0]?.id).toBe(body.eventId);
        expect(stored[0]?.type).toBe(commandEvents[c.name as CommandType]);
        expect(stored[0]?.actor).toEqual({ id: `${role}-actor`, name: `A ${role}`, role });
      } else {
        expect(r.body).toMatchObject({ imported: 2, streams: [{ streamId: 'indicator-happy-i' }] });
      }
    });
  }

  it('generates a UUID v7 when the created id is left out, and returns it as id', async () => {
    const r = await h.call('POST', '/api/journeys/happy-j/lessons', {
      role: 'contributor',
      body: { learned: 'Ask parents first' },
    });
    expect(r.status).toBe(201);
    const id = (r.body as { id: string }).id;
    expect(id).toMatch(/^id-\d{4}$/); // the test server's injected id generator (uuidV7 in production)
    const events: StoredEvent[] = [];
    for await (const e of h.store.readStream('journey-happy-j')) events.push(e);
    expect(events.at(-1)?.data).toEqual({ lessonId: id, learned: 'Ask parents first' });
  });

  it('trims text and applies defaults of the catalogue (question: better-off)', async () => {
    const r = await h.call('POST', '/api/journeys/happy-j/changes', {
      role: 'contributor',
      body: {
        changeId: 'c-trim',
        whatChanged: '  Fewer exclusions  ',
        forWhom: 'pupils',
        evidence: ['returns'],
        occurredAt: '2026-11-01',
      },
    });
    expect(r.status).toBe(201);
    const events: StoredEvent[] = [];
    for await (const e of h.store.readStream('journey-happy-j')) events.push(e);
    expect(events.at(-1)?.data).toMatchObject({ whatChanged: 'Fewer exclusions', question: 'better-off' });
    expect(events.at(-1)?.occurredAt).toBe('2026-11-01T00:00:00.000Z');
  });
});

describe('reading the ledger', () => {
  it('GET /api/events pages through the raw ledger in position order', async () => {
    const total = await h.count();
    const first = await h.call('GET', '/api/events?limit=5', { role: 'scrutineer' });
    expect(first.status).toBe(200);
    const page = first.body as { events: StoredEvent[]; next: string | null };
    expect(page.events.map((e) => e.position)).toEqual(['1', '2', '3', '4', '5']);
    expect(page.next).toBe('5');
    const rest = await h.call('GET', `/api/events?after=5&limit=1000`, { role: 'admin' });
    expect((rest.body as { events: StoredEvent[] }).events).toHaveLength(total - 5);
    expect((rest.body as { next: string | null }).next).toBeNull();
  });

  it('GET /api/events?stream= reads one stream', async () => {
    const r = await h.call('GET', '/api/events?stream=indicator-happy-i', { role: 'scrutineer' });
    const events = (r.body as { events: StoredEvent[] }).events;
    expect(events.length).toBeGreaterThan(2);
    expect(new Set(events.map((e) => e.streamId))).toEqual(new Set(['indicator-happy-i']));
  });

  it('GET /api/events refuses a bad query, listing every field', async () => {
    const r = await h.call('GET', '/api/events?after=x&limit=0&color=red', { role: 'scrutineer' });
    expect(r.status).toBe(400);
    expect((r.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'query.after',
      'query.color',
      'query.limit',
    ]);
  });

  it('GET /api/ledger/verify says the ledger is intact, with its digest', async () => {
    const r = await h.call('GET', '/api/ledger/verify', { role: 'scrutineer' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ok: true,
      events: await h.count(),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('GET /api/openapi.json documents every write route with its request schema', async () => {
    const r = await h.call('GET', '/api/openapi.json', { role: 'none' });
    expect(r.status).toBe(200);
    const doc = r.body as {
      openapi: string;
      paths: Record<
        string,
        {
          post?: {
            requestBody?: {
              content: Record<string, { schema: { required?: string[]; additionalProperties?: unknown } }>;
            };
          };
        }
      >;
    };
    expect(doc.openapi).toBe('3.1.0');
    const changes =
      doc.paths['/api/journeys/{journeyId}/changes']?.post?.requestBody?.content['application/json']?.schema;
    expect(changes?.required).toEqual(expect.arrayContaining(['whatChanged', 'forWhom', 'evidence', 'occurredAt']));
    expect(changes?.required).not.toContain('changeId');
    expect(changes?.additionalProperties).toBe(false);
    // every write route, the CSV import, the raw ledger, verify, the access roster, the 8 read routes, /healthz
    // and /readyz (GET /api/journeys shares its path with POST), and the witnessed ledger's tree head, public key
    // and two proofs
    expect(Object.keys(doc.paths)).toHaveLength(WRITE_ROUTES.length + 6 + 7 + 4);
    expect(doc.paths['/api/access']).toBeDefined();
    expect(doc.paths['/api/ledger/proof/inclusion']).toBeDefined();
    expect(doc.paths['/api/journeys/{journeyId}/progress']).toBeDefined();
  });

  it('/healthz and /readyz answer without a token', async () => {
    expect((await h.call('GET', '/healthz', { role: 'none' })).status).toBe(200);
    const ready = await h.call('GET', '/readyz', { role: 'none' });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ok: true, store: 'sqlite' });
  });

  it('sends security headers (helmet)', async () => {
    const r = await h.call('GET', '/healthz', { role: 'none' });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it("sends exactly helmet's headers, worked out once, on every API response", async () => {
    const app = express();
    app.use(helmet());
    app.get('/', (_req, res) => {
      res.json({});
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const reference = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const helmets = [...reference.headers.keys()].filter(
        (k) => !['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'etag'].includes(k),
      );
      expect(helmets.length).toBeGreaterThan(8);
      for (const r of [await h.call('GET', '/healthz', { role: 'none' }), await h.call('GET', '/api/journeys')]) {
        for (const k of helmets) expect(r.headers.get(k), k).toBe(reference.headers.get(k));
        expect(r.headers.get('x-powered-by')).toBeNull();
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
