import { type VerdictInput, decideVerdict, noChangeBand } from './verdict';

const base: VerdictInput = {
  baselineForks: 5,
  candidateForks: 5,
  speedup: 1,
  ci: { lower: 0.99, upper: 1.01, confidence: 0.95 },
  qValue: 0.5,
  fdr: 0.05,
  minEffect: 0.02,
  minForks: 2,
};
const ci = (lower: number, upper: number) => ({ lower, upper, confidence: 0.95 });

describe('decideVerdict', () => {
  it('the no-change band is symmetric on a log scale', () => {
    const band = noChangeBand(0.02);
    expect(band.upper).toBeCloseTo(1.02, 12);
    expect(band.lower * band.upper).toBeCloseTo(1, 12);
  });

  it('regression: significant, beyond the minimum effect, CI below 1', () => {
    expect(decideVerdict({ ...base, speedup: 0.9, ci: ci(0.88, 0.92), qValue: 0.001 }).verdict).toBe(
      'regression',
    );
  });

  it('improvement: significant, beyond the minimum effect, CI above 1', () => {
    expect(decideVerdict({ ...base, speedup: 1.1, ci: ci(1.08, 1.12), qValue: 0.001 }).verdict).toBe(
      'improvement',
    );
  });

  it('no-change: significant but smaller than the minimum effect', () => {
    const d = decideVerdict({ ...base, speedup: 0.995, ci: ci(0.993, 0.997), qValue: 0.001 });
    expect(d.verdict).toBe('no-change');
    expect(d.reason).toContain('within the 2.0% minimum effect');
  });

  it('no-change: not significant and the CI inside the band (equivalence)', () => {
    expect(decideVerdict({ ...base, speedup: 1.002, ci: ci(0.99, 1.015), qValue: 0.4 }).verdict).toBe(
      'no-change',
    );
  });

  it('inconclusive: not significant and the CI straddles the band edge', () => {
    expect(decideVerdict({ ...base, speedup: 0.97, ci: ci(0.9, 1.04), qValue: 0.3 }).verdict).toBe(
      'inconclusive',
    );
  });

  it('inconclusive: significant but the CI includes 1', () => {
    expect(decideVerdict({ ...base, speedup: 0.95, ci: ci(0.9, 1.001), qValue: 0.01 }).verdict).toBe(
      'inconclusive',
    );
  });

  it('inconclusive: fewer than two forks on a side, whatever the numbers say', () => {
    const d = decideVerdict({ ...base, baselineForks: 1, speedup: 0.5, ci: ci(0.4, 0.6), qValue: 0 });
    expect(d.verdict).toBe('inconclusive');
    expect(d.reason).toContain('too few forks');
    expect(decideVerdict({ ...base, minForks: 6 }).verdict).toBe('inconclusive');
  });

  it('inconclusive: statistics that could not be computed', () => {
    expect(decideVerdict({ ...base, qValue: Number.NaN }).verdict).toBe('inconclusive');
  });
});
