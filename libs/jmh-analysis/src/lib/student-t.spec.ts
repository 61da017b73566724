import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTTwoSidedP } from './student-t';

describe('Student t via the regularised incomplete beta', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('I_x(a, 1) = x^a and I_x(1, b) = 1 - (1 - x)^b (closed forms)', () => {
    expect(regularizedIncompleteBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 12);
    expect(regularizedIncompleteBeta(0.7, 1, 3.5)).toBeCloseTo(1 - 0.3 ** 3.5, 12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('with 1 degree of freedom it is the Cauchy CDF 1/2 + atan(t)/π', () => {
    for (const t of [-3, -0.5, 0, 1, 4])
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
  });

  // Reference values from scipy.stats.t.cdf (scipy 1.17.1), computed independently for this test.
  it.each([
    [2.0, 5, 0.9490302605850708],
    [-1.5, 2.5, 0.12391822654314809],
    [0.3, 30, 0.6168769473578236],
    [2.228, 10, 0.9749941140914443],
  ])('cdf(%p, df=%p) = %p', (t, df, expected) => {
    expect(studentTCdf(t, df)).toBeCloseTo(expected, 10);
  });

  it('two-sided tail is symmetric and 1 at t = 0', () => {
    expect(studentTTwoSidedP(0, 7)).toBeCloseTo(1, 12);
    expect(studentTTwoSidedP(2.5, 7)).toBeCloseTo(studentTTwoSidedP(-2.5, 7), 14);
    expect(studentTTwoSidedP(Infinity, 7)).toBe(0);
    expect(studentTTwoSidedP(1, 0)).toBeNaN();
  });
});
