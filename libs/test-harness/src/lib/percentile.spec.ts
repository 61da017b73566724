import { percentile } from './percentile';

describe('percentile (nearest rank)', () => {
  it('is the smallest value with at least p % of the values at or below it', () => {
    const hundred = Array.from({ length: 100 }, (_, n) => n + 1);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([5, 9], 0)).toBe(5);
  });

  it('leaves its input as it was and is NaN for no values', () => {
    const values = [3, 1, 2];
    percentile(values, 95);
    expect(values).toEqual([3, 1, 2]);
    expect(percentile([], 50)).toBeNaN();
  });
});
