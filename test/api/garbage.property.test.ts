import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare, routeCases } from './fixtures.js';
import { startHarness, type Harness } from './support.js';

/** Whatever a client sends, the API answers 4xx problem+json (never 5xx) and writes nothing. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await prepare(h, 'g');
});
afterAll(async () => h.stop());

const cases = routeCases('g');
const garbageJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(
    fc.constantFrom(
      'journeyId',
      'title',
      'value',
      'period',
      'evidence',
      'decidedAt',
      'target',
      'planId',
      'reason',
      '__proto__',
      'constructor',
    ),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

describe('garbage bodies', () => {
  it('JSON of any shape, on any write route: 4xx, problem+json, nothing written', async () => {
    const before = await h.count();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases.filter((c) => !c.csv)), garbageJson, async (c, body) => {
        const r = await h.call('POST', c.path, { role: 'admin', raw: JSON.stringify(body) });
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
        expect(r.type).toContain('application/problem+json');
      }),
      { numRuns: 150, seed: 20261125 },
    );
    expect(await h.count()).toBe(before);
  });

  it('bytes that are not JSON: 400 or 415, nothing written', async () => {
    const before = await h.count();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...cases),
        fc.string({ maxLength: 200 }),
        fc.constantFrom('application/json', 'text/plain', 'text/csv'),
        async (c, raw, contentType) => {
          const r = await h.call('POST', c.path, { role: 'admin', raw, contentType });
          expect([400, 404, 409, 415]).toContain(r.status);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    expect(await h.count()).toBe(before);
  });
});
