/**
 * Deterministic pseudo-random numbers: mulberry32 (Tommy Ettinger's, public domain), tiny and, unlike
 * Math.random, reproducible. The catalog seeder derives one stream per entity from (seed, kind, id), so
 * a product's data does not depend on chunking or on how many came before it; the JMH bootstrap
 * resamples with it, so the same seed gives the same interval in every test.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream for one entity: the same (seed, kind, id) always gives the same numbers. */
  static for(seed: number, kind: number, id: number): Prng {
    return new Prng(mix32(mix32(mix32(seed) ^ kind) ^ (id >>> 0) ^ Math.floor(id / 2 ** 32)));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `count` distinct items, in the order drawn. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0)
      out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0] as T);
    return out;
  }
}

/** A 32-bit avalanche hash (murmur3 finaliser): nearby seeds give unrelated streams. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The same stream as a bare function, for code that takes a `random: () => number`. */
export function mulberry32(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}
