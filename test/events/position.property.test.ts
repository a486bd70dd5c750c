import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparePositions, isPosition } from '../../src/events/position.js';

/** The one comparison of positions orders canonical decimal strings exactly as BigInt does, beyond 2^53 too. */
describe('comparePositions', () => {
  it('agrees with BigInt on every pair of positions', () => {
    const position = fc.bigInt({ min: 0n, max: 2n ** 80n }).map((n) => n.toString());
    fc.assert(
      fc.property(position, position, (a, b) => {
        const x = BigInt(a);
        const y = BigInt(b);
        expect(comparePositions(a, b)).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
      { numRuns: 2000 },
    );
  });

  it('orders by magnitude, not as text', () => {
    expect(comparePositions('9', '10')).toBe(-1);
    expect(comparePositions('9007199254740993', '9007199254740992')).toBe(1);
  });

  it('accepts only canonical positions from a client', () => {
    for (const ok of ['0', '7', '9007199254740993']) expect(isPosition(ok), ok).toBe(true);
    for (const bad of ['007', '-1', '1.5', '', 'x']) expect(isPosition(bad), bad).toBe(false);
  });
});
