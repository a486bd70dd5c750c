import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PMap } from '../../src/domain/pmap.js';

describe('PMap', () => {
  it('answers like a Map after any sequence of sets, and every earlier version stays as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer()), { maxLength: 600 }), (ops) => {
        let p = PMap.empty<number, number>();
        const versions: [PMap<number, number>, Map<number, number>][] = [];
        const m = new Map<number, number>();
        for (const [k, v] of ops) {
          p = p.set(k, v);
          m.set(k, v);
          versions.push([p, new Map(m)]);
        }
        for (const [version, expected] of versions.filter((_, i) => i % 37 === 0 || i === versions.length - 1)) {
          expect(version.size).toBe(expected.size);
          expect(new Map(version.entries())).toEqual(expected);
          for (const k of [0, 1, 150, 299, 300]) expect(version.get(k)).toBe(expected.get(k));
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
