import { bootstrapTwoSample, ratioOfMeans } from './bootstrap';
import { mulberry32 } from '@keel/service-runtime';

describe('mulberry32', () => {
  it('is deterministic per seed and uniform-looking in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 10_000 }, () => a());
    expect(Array.from({ length: 10_000 }, () => b())).toEqual(values);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('bootstrapTwoSample', () => {
  const a = [100, 101, 99, 100.5, 99.5];
  const b = [110, 111, 109, 110.5, 109.5];

  it('is reproducible with a seed', () => {
    const first = bootstrapTwoSample(a, b, ratioOfMeans, { seed: 7 });
    expect(bootstrapTwoSample(a, b, ratioOfMeans, { seed: 7 })).toEqual(first);
  });

  it('brackets the observed ratio and stays inside the extreme ratios', () => {
    const ci = bootstrapTwoSample(a, b, ratioOfMeans, { resamples: 4000 });
    expect(ci.lower).toBeLessThan(1.1);
    expect(ci.upper).toBeGreaterThan(1.1);
    expect(ci.lower).toBeGreaterThan(109 / 101);
    expect(ci.upper).toBeLessThan(111 / 99);
    expect(ci.confidence).toBe(0.95);
  });

  it('narrows as the confidence level drops', () => {
    const wide = bootstrapTwoSample(a, b, ratioOfMeans, { confidence: 0.99 });
    const narrow = bootstrapTwoSample(a, b, ratioOfMeans, { confidence: 0.5 });
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it('returns NaN bounds for an empty side', () => {
    expect(bootstrapTwoSample([], b, ratioOfMeans).lower).toBeNaN();
  });
});
