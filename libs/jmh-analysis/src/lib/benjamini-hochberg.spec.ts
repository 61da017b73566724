import { benjaminiHochberg } from './benjamini-hochberg';

describe('benjaminiHochberg', () => {
  // The worked example of Benjamini & Hochberg (1995), section 4: 15 p-values, q = 0.05, the procedure
  // rejects the four smallest. Adjusted values cross-checked with scipy.stats.false_discovery_control
  // (method='bh', scipy 1.17.1), equivalent to R's p.adjust(method = "BH").
  const p = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
    0.759, 1,
  ];
  const expected = [
    0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.0765, 0.486,
    0.5811818181818181, 0.7148749999999999, 0.7532307692307693, 0.8132142857142857, 1,
  ];

  it('reproduces the 1995 paper example: four rejections at q = 0.05', () => {
    const r = benjaminiHochberg(p, 0.05);
    expect(r.rejected.filter(Boolean)).toHaveLength(4);
    expect(r.rejected.slice(0, 4)).toEqual([true, true, true, true]);
    r.adjusted.forEach((q, i) => expect(q).toBeCloseTo(expected[i], 12));
  });

  it('keeps input order and skips NaN (untestable keys do not count towards m)', () => {
    const r = benjaminiHochberg([0.04, Number.NaN, 0.01], 0.05);
    expect(r.adjusted[0]).toBeCloseTo(0.04, 12);
    expect(r.adjusted[1]).toBeNaN();
    expect(r.adjusted[2]).toBeCloseTo(0.02, 12);
    expect(r.rejected).toEqual([true, false, true]);
  });

  it('returns empty arrays for no tests', () => {
    expect(benjaminiHochberg([])).toEqual({ adjusted: [], rejected: [] });
  });
});
