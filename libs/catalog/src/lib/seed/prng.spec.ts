import { Prng, ZipfSampler, mix32 } from './prng';

describe('Prng', () => {
  it('repeats the same stream for the same seed', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const drawsA = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(drawsA);
    expect(drawsA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('gives unrelated streams to neighbouring entities', () => {
    const first = Prng.for(1, 1, 100).next();
    expect(Prng.for(1, 1, 100).next()).toBe(first);
    expect(Prng.for(1, 1, 101).next()).not.toBe(first);
    expect(Prng.for(2, 1, 100).next()).not.toBe(first);
    expect(Prng.for(1, 2, 100).next()).not.toBe(first);
    expect(mix32(1)).not.toBe(mix32(2));
  });

  it('draws integers within bounds, inclusive', () => {
    const prng = new Prng(7);
    const seen = new Set(Array.from({ length: 1000 }, () => prng.int(1, 3)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('samples distinct items', () => {
    const picked = new Prng(3).sample(['a', 'b', 'c', 'd'], 3);
    expect(new Set(picked).size).toBe(3);
    expect(() => new Prng(1).pick([])).toThrow(RangeError);
  });
});

describe('ZipfSampler', () => {
  it('favours low ranks heavily and stays in range', () => {
    const zipf = new ZipfSampler(1000);
    const prng = new Prng(11);
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const rank = zipf.draw(prng);
      expect(rank).toBeGreaterThanOrEqual(1);
      expect(rank).toBeLessThanOrEqual(1000);
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    expect(counts.get(1) ?? 0).toBeGreaterThan(10 * (counts.get(100) ?? 0));
  });
});
