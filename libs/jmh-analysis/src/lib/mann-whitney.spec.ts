import { mannWhitneyU } from './mann-whitney';

// Reference values from scipy.stats.mannwhitneyu (scipy 1.17.1), two-sided.
describe('mannWhitneyU', () => {
  it('3 vs 3 fully separated: U = 0, exact p = 2/20 = 0.1 (the floor with three forks)', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6])).toEqual({ u: 0, pValue: 0.1, method: 'exact' });
  });

  it('5 vs 5 fully separated: exact p = 2/252', () => {
    const r = mannWhitneyU([1.1, 2.2, 3.3, 4.4, 5.5], [6.6, 7.7, 8.8, 9.9, 10.1]);
    expect(r.pValue).toBeCloseTo(0.007936507936507936, 14);
  });

  it('a small interleaved case: U = 17, exact p = 1/9', () => {
    const r = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(r.u).toBe(17);
    expect(r.pValue).toBeCloseTo(0.1111111111111111, 12);
    expect(r.method).toBe('exact');
  });

  it('uses the normal approximation with tie and continuity correction when values tie', () => {
    const r = mannWhitneyU([1, 2, 2, 3, 4, 5], [2, 3, 5, 6, 7, 7, 8]);
    expect(r.u).toBe(7);
    expect(r.method).toBe('normal');
    // erfc approximation has ~1e-7 relative error.
    expect(r.pValue).toBeCloseTo(0.05148833084743259, 6);
  });

  it('uses the normal approximation for large samples', () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    const b = Array.from({ length: 25 }, (_, i) => i + 5.5);
    const r = mannWhitneyU(a, b);
    expect(r.method).toBe('normal');
    expect(r.u).toBe(300);
    expect(r.pValue).toBeCloseTo(0.20792927248164417, 6);
  });

  it('is symmetric in its p-value', () => {
    expect(mannWhitneyU([4, 5, 6], [1, 2, 3]).pValue).toBe(0.1);
  });
});
