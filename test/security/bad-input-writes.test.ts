import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodySchema, WRITE_ROUTES, type WriteRoute } from '../../src/events/requests.js';
import { prepare, routeCases, type RouteCase } from '../api/fixtures.js';
import { startHarness, type Harness } from '../api/support.js';
import {
  badValue,
  describeReply,
  FUZZ_SEED,
  isClientProblem,
  malformedBodies,
  mutationKey,
  prototypePolluted,
  tried,
  unicodeEdges,
  withField,
} from './nasty.js';

/**
 * Bad input for every write route: fuzzed bodies, malformed JSON, path ids, headers and content
 * types always get a 4xx problem+json, never a 5xx, and never write (the ledger's last position is compared
 * before and after every request). A real server on loopback over a temp SQLite file (test/api's harness).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const P = 'fz';
let h: Harness;
let cases: { c: RouteCase; route: WriteRoute }[];

beforeAll(async () => {
  h = await startHarness();
  await prepare(h, P);
  cases = routeCases(P)
    .filter((c) => !c.csv)
    .map((c) => {
      const route = WRITE_ROUTES.find((r) => r.command === c.name);
      if (!route) throw new Error(`no write route for ${c.name}`);
      return { c, route };
    });
});
afterAll(async () => {
  console.info(
    `bad input tried on write routes: ${tried.requests} requests (seed ${FUZZ_SEED}), writes made by them: 0 expected`,
  );
  await h?.stop();
});

/** Send, and prove the answer is a 4xx problem and the ledger did not move. */
async function refused(
  method: string,
  path: string,
  opts: Parameters<Harness['call']>[2],
  what: string,
): Promise<void> {
  const before = await h.count();
  const r = await h.call(method, path, opts);
  tried.requests += 1;
  expect(isClientProblem(r), `${what}: ${describeReply(r)}`).toBe(true);
  expect(await h.count(), `${what}: wrote an event`).toBe(before);
  expect(prototypePolluted(), `${what}: Object.prototype was polluted`).toBe(false);
}

const decodeURIComponentSafe = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const isValid = (route: WriteRoute, text: string): boolean => {
  try {
    return bodySchema(route).safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
};

describe('every write route refuses bad bodies with a 4xx problem and writes nothing', () => {
  it('one field of a valid body replaced by a bad value, or a forbidden key added', async () => {
    let skippedValid = 0;
    for (const { c, route } of cases) {
      const base = c.body as Record<string, unknown>;
      await fc.assert(
        fc.asyncProperty(mutationKey(base), badValue, async (key, value) => {
          const text = withField(base, key, value);
          if (isValid(route, text)) {
            skippedValid += 1;
            return;
          } // the mutation happened to be a valid request
          await refused('POST', c.path, { role: 'admin', raw: text }, `${c.name} with ${key}=${text.slice(0, 120)}`);
        }),
        { seed: FUZZ_SEED, numRuns: RUNS },
      );
    }
    console.info(`field mutations that were still valid (not sent): ${skippedValid}`);
  }, 60_000);

  it('bodies that are not JSON, or not an object, or too deep, or over 1 MB', async () => {
    for (const { c } of cases) {
      // The heavy ones (2 MB, 100,000 levels deep) on a few routes only: the suite stays fast.
      const heavy = ['HarvestLesson', 'TakeDecision'].includes(c.name);
      for (const raw of malformedBodies.filter((b) => heavy || b.length < 10_000)) {
        await refused(
          'POST',
          c.path,
          { role: 'admin', raw },
          `${c.name} with body ${JSON.stringify(raw.slice(0, 60))}`,
        );
      }
    }
  }, 60_000);

  it('random JSON values as the whole body', async () => {
    for (const { c, route } of cases) {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
          const text = JSON.stringify(value);
          if (isValid(route, text)) return;
          await refused('POST', c.path, { role: 'admin', raw: text }, `${c.name} with ${text.slice(0, 120)}`);
        }),
        { seed: FUZZ_SEED, numRuns: Math.ceil(RUNS / 2) },
      );
    }
  }, 60_000);
});

describe('path ids, headers and content types', () => {
  const idArb = fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
    fc.constantFrom(
      ...unicodeEdges.filter((s) => s !== ''),
      'A',
      'a',
      '-a',
      'a_b',
      'x'.repeat(65),
      'x'.repeat(5000),
      '..',
      '.',
      '%',
      '%00',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      '0'.repeat(64),
      '018f3a5e-0000-7000-8000-000000000000',
      'no-such-journey',
      'nothing-here',
    ),
  );

  /** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD). */
  const encoded = (id: string) =>
    [...Buffer.from(id, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

  /** Every route's path ids, each replaced in turn by what `segment` gives. */
  async function eachPathId(segment: fc.Arbitrary<string>, runs: number): Promise<void> {
    for (const { c, route } of cases) {
      const template = `/api${route.path}`.split('/');
      const actual = c.path.split('/');
      const params = template.map((s, i) => (s.startsWith(':') ? i : -1)).filter((i) => i >= 0);
      for (const i of params) {
        await fc.assert(
          fc.asyncProperty(segment, async (seg) => {
            if (actual.includes(seg) || actual.includes(decodeURIComponentSafe(seg))) return;
            const path = [...actual.slice(0, i), seg, ...actual.slice(i + 1)].join('/');
            await refused(
              'POST',
              path,
              { role: 'admin', body: c.body },
              `${c.name} with ${template[i]}=${JSON.stringify(seg.slice(0, 80))}`,
            );
          }),
          { seed: FUZZ_SEED, numRuns: runs },
        );
      }
    }
  }

  it(
    'every path id replaced by a fuzzed string: 400 (not an id) or 404 (unknown), nothing written',
    () => eachPathId(idArb.map(encoded), RUNS),
    60_000,
  );

  it(
    'every path id replaced by a malformed percent-escape: 400, nothing written',
    () => eachPathId(fc.constantFrom('%zz', '%', '%ff', '%c0%ae%c0%ae', 'a%2', '%ed%a0%80', '%E0%80%AF'), 4),
    60_000,
  );

  const lessonPath = `/api/journeys/${P}-j/lessons`;
  let n = 0;
  const freshLesson = () => ({ lessonId: `hdr-${++n}`, learned: 'A lesson that must not be written' });

  it('If-Match that is not a revision of the stream: 4xx, nothing written', async () => {
    const notARevision = fc.oneof(
      fc
        .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 })
        .filter((s) => !/\d/.test(s) && s.trim() !== '' && s.trim() !== '*'),
      fc.constantFrom(
        '-1',
        '1.5',
        '1e3',
        '99999999999999999999',
        '0x1',
        '"',
        '""',
        'W/',
        '1, 2',
        ' 1 2 ',
        '\u00b9',
        '\u00bd',
      ),
    );
    await fc.assert(
      fc.asyncProperty(notARevision, async (ifMatch) => {
        await refused(
          'POST',
          lessonPath,
          { role: 'admin', body: freshLesson(), headers: { 'if-match': ifMatch } },
          `If-Match: ${JSON.stringify(ifMatch)}`,
        );
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 2 },
    );
  }, 30_000);

  it('Authorization headers that are not a known token: 401 (or 429), nothing written', async () => {
    const auth = fc
      .oneof(
        fc.string({ unit: 'grapheme-ascii', maxLength: 100 }),
        fc
          .string({ unit: 'grapheme-ascii', minLength: 8, maxLength: 600 })
          .map((s) => `Bearer ${s.replace(/\s/g, 'x')}`),
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic YWRtaW46YWRtaW4=',
          `Bearer ${h.tokens.admin}x`,
          `Bearer ${h.tokens.admin.slice(0, -1)}`,
          `bearer  ${h.tokens.admin.toUpperCase()}`,
          `Bearer ${'a'.repeat(10_000)}`,
          'Bearer jl_',
          `Token ${h.tokens.admin}`,
        ),
      )
      .filter((s) => s.trim() !== '');
    await fc.assert(
      fc.asyncProperty(auth, async (authorization) => {
        const before = await h.count();
        const r = await h.call('POST', lessonPath, { role: 'none', body: freshLesson(), headers: { authorization } });
        tried.requests += 1;
        // 401, or 429 once the address has used up its failed-token allowance (FUZZ_RUNS raised): refused either way.
        expect([401, 429], `Authorization: ${authorization.slice(0, 80)} → ${describeReply(r)}`).toContain(r.status);
        expect(isClientProblem(r)).toBe(true);
        expect(await h.count()).toBe(before);
      }),
      { seed: FUZZ_SEED, numRuns: RUNS * 2 },
    );
  }, 30_000);

  it('a valid body sent as anything but application/json: 415 (or 400), nothing written', async () => {
    const types = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json-patch+json',
      'application/jsonx',
      'text/json',
      'application/xml',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'text/csv',
      '*/*',
      'application/*',
      'application',
      ';',
      'application/json\u00e9',
    ];
    for (const contentType of types) {
      await refused(
        'POST',
        lessonPath,
        { role: 'admin', raw: JSON.stringify(freshLesson()), contentType },
        `Content-Type: ${contentType}`,
      );
    }
  });

  it('Idempotency-Key of any shape: either refused, or one event however often it is retried', async () => {
    // key → the body its first use sent and the event id it created (keys repeat across runs)
    const seen = new Map<string, { body: unknown; eventId: string }>();
    const key = fc
      .oneof(
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 300 }),
        fc.constantFrom(' ', 'a b', 'k'.repeat(256), 'é', '\t', '"', "'"),
      )
      .filter((s) => s.trim() !== '' || s === ' ');
    await fc.assert(
      fc.asyncProperty(key, async (k) => {
        const earlier = seen.get(k);
        const body = earlier?.body ?? freshLesson();
        const before = await h.count();
        const first = await h.call('POST', lessonPath, { role: 'admin', body, headers: { 'idempotency-key': k } });
        // The key bound to another body is refused (issue 12, item 2): never a 200 for a write that did not happen.
        const other = await h.call('POST', lessonPath, {
          role: 'admin',
          body: { ...body, learned: 'a retry with other text' },
          headers: { 'idempotency-key': k },
        });
        const again = await h.call('POST', lessonPath, { role: 'admin', body, headers: { 'idempotency-key': k } });
        tried.requests += 3;
        if (first.status >= 400) {
          expect(isClientProblem(first), describeReply(first)).toBe(true);
          expect(await h.count()).toBe(before);
        } else {
          expect(first.status, describeReply(first)).toBe(earlier ? 200 : 201);
          const eventId = (first.body as { eventId: string }).eventId;
          if (earlier) expect(eventId).toBe(earlier.eventId);
          seen.set(k, { body, eventId });
          expect(other.status, describeReply(other)).toBe(409);
          expect(again.status, describeReply(again)).toBe(200);
          expect((again.body as { eventId: string }).eventId).toBe(eventId);
          expect(await h.count()).toBe(before + (earlier ? 0 : 1));
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
  }, 30_000);
});
