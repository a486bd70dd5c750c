/**
 * A small persistent map: `set` returns a new map and leaves the old one as it was, in O(√n) time
 * (a shared base plus a small delta that is folded into a new base once it grows past √n), instead of the
 * O(n) of copying a Map. Deciders' states stay pure values while a journey with thousands of items still
 * evolves fast.
 */
export class PMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly delta: ReadonlyMap<K, V>,
    readonly size: number,
  ) {}

  static empty<K, V>(): PMap<K, V> {
    return new PMap<K, V>(new Map(), new Map(), 0);
  }

  get(key: K): V | undefined {
    return this.delta.has(key) ? this.delta.get(key) : this.base.get(key);
  }

  has(key: K): boolean {
    return this.delta.has(key) || this.base.has(key);
  }

  set(key: K, value: V): PMap<K, V> {
    const size = this.has(key) ? this.size : this.size + 1;
    if (this.delta.size + 1 > Math.max(32, Math.sqrt(size))) {
      const merged = new Map(this.base);
      for (const [k, v] of this.delta) merged.set(k, v);
      merged.set(key, value);
      return new PMap(merged, new Map(), size);
    }
    return new PMap(this.base, new Map(this.delta).set(key, value), size);
  }

  *values(): IterableIterator<V> {
    for (const [k, v] of this.base) if (!this.delta.has(k)) yield v;
    yield* this.delta.values();
  }

  *entries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.base) if (!this.delta.has(k)) yield [k, v];
    yield* this.delta.entries();
  }
}
