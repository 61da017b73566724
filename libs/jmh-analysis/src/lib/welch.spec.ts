import { welchTTest } from './welch';

describe('welchTTest', () => {
  // Wikipedia "Welch's t-test", worked example 1: t = -2.46, ν ≈ 24.99, p = 0.021. Full-precision
  // reference from scipy.stats.ttest_ind(a, b, equal_var=False), scipy 1.17.1.
  it('matches the textbook example 1 (equal sizes, unequal variances)', () => {
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const r = welchTTest(a, b);
    // Our t is mean(b) - mean(a), scipy's is a - b.
    expect(r.t).toBeCloseTo(2.455356398286006, 10);
    expect(r.df).toBeCloseTo(24.988529290231416, 8);
    expect(r.pValue).toBeCloseTo(0.021378001462866992, 10);
  });

  it('matches the textbook example 2 (unequal sizes)', () => {
    const a = [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8];
    const b = [
      21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5,
      23.5, 21.5, 21.8,
    ];
    const r = welchTTest(a, b);
    expect(r.df).toBeCloseTo(9.904741248650831, 8);
    expect(r.pValue).toBeCloseTo(0.14884169660532817, 10);
  });

  it('matches scipy on three forks per side (small fractional df)', () => {
    const r = welchTTest([100, 102, 101], [90, 91.5, 89]);
    expect(r.t).toBeCloseTo(-11.674344631740363, 10);
    expect(r.df).toBeCloseTo(3.8059405940594067, 10);
    expect(r.pValue).toBeCloseTo(0.00040495988896266225, 12);
  });

  it('gives NaN below two values a side and handles zero variance', () => {
    expect(welchTTest([1], [1, 2]).pValue).toBeNaN();
    expect(welchTTest([3, 3], [3, 3]).pValue).toBe(1);
    expect(welchTTest([3, 3], [4, 4]).pValue).toBe(0);
  });
});
