import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '../../src/store/port.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { verifyLedger } from '../../src/store/verify.js';
import { collect, lesson } from '../support/events.js';

type Expected = number | 'no_stream' | 'any';
const op = fc.record({
  stream: fc.constantFrom('journey-a', 'journey-b', 'journey-c'),
  size: fc.integer({ min: 1, max: 3 }),
  expected: fc.oneof(fc.constant<Expected>('any'), fc.constant<Expected>('no_stream'), fc.integer({ min: 0, max: 6 })),
  concurrent: fc.boolean(),
});

/**
 * Random interleavings of appends to random streams with random expected revisions, some fired concurrently
 * (so they share a group commit), checked against a simple in-memory model of the rules.
 */
describe('the SQLite store against a model', () => {
  it('accepts exactly what the model accepts, keeps revisions dense and chains intact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const store = openSqliteStore({ file: ':memory:' });
        const model = new Map<string, number>();
        const accepts = (stream: string, expected: Expected) => {
          const head = model.get(stream);
          return expected === 'any' || (expected === 'no_stream' ? head === undefined : head === expected);
        };
        try {
          // Group consecutive concurrent ops: in a group they are applied in call order inside one transaction.
          let i = 0;
          while (i < ops.length) {
            const group = [ops[i] as (typeof ops)[0]];
            while (i + group.length < ops.length && ops[i + group.length]?.concurrent)
              group.push(ops[i + group.length] as (typeof ops)[0]);
            i += group.length;
            const outcomes = await Promise.allSettled(
              group.map((o) =>
                store.append(
                  o.stream,
                  Array.from({ length: o.size }, () => lesson()),
                  { expectedRevision: o.expected },
                ),
              ),
            );
            group.forEach((o, k) => {
              const ok = accepts(o.stream, o.expected);
              const outcome = outcomes[k] as PromiseSettledResult<unknown>;
              expect(outcome.status).toBe(ok ? 'fulfilled' : 'rejected');
              if (!ok && outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
              if (ok) model.set(o.stream, (model.get(o.stream) ?? -1) + o.size);
            });
          }
          for (const [stream, head] of model) {
            const events = await collect(store.readStream(stream));
            expect(events.map((e) => e.revision)).toEqual(Array.from({ length: head + 1 }, (_, r) => r));
          }
          const v = await verifyLedger(store);
          expect(v.ok).toBe(true);
          expect(v.events).toBe([...model.values()].reduce((n, h) => n + h + 1, 0));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
