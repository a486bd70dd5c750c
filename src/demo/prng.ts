/**
 * A small seeded pseudo-random generator (mulberry32) for the demo city. Deterministic by construction:
 * the same seed gives the same sequence on every machine, so the same seed gives the same ledger and hashes.
 * Never used for anything secret.
 */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Roughly normal noise with mean 0 and the given spread (sum of three uniforms). */
  noise(spread: number): number;
  /** 32 random bits as 8 hex digits. */
  hex8(): string;
}

export function mulberry32(seed: number): Prng {
  let a = seed >>> 0;
  const nextU32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => nextU32() / 4294967296;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    noise: (spread) => ((next() + next() + next()) / 3 - 0.5) * 2 * spread,
    hex8: () => nextU32().toString(16).padStart(8, '0'),
  };
}

/** Derive an independent stream of numbers for a sub-generator, so adding a journey does not shift the others. */
export const deriveSeed = (seed: number, salt: number): number => {
  let h = (seed ^ Math.imul(salt + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * A UUID v7 laid out from a timestamp and PRNG bits: ids sort by the time the generator says the event was
 * recorded, as the server's own uuidV7 ids do.
 */
export function demoUuid(ms: number, prng: Prng): string {
  const t = Math.floor(ms).toString(16).padStart(12, '0').slice(-12);
  const r = prng.hex8() + prng.hex8() + prng.hex8();
  const variant = ((parseInt(r[3] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(0, 3)}-${variant}${r.slice(4, 7)}-${r.slice(7, 19)}`;
}
