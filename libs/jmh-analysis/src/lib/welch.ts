import { mean, sampleVariance } from './descriptive';
import { studentTTwoSidedP } from './student-t';

export interface WelchResult {
  /** t statistic of (mean(b) - mean(a)); positive when b is larger. */
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  readonly df: number;
  /** Two-sided p-value; NaN when it cannot be computed (fewer than two values on a side). */
  readonly pValue: number;
}

/**
 * Welch's unequal-variances t-test. Fork means of two JDK builds have no reason to share a variance
 * (one build may be noisier), so the pooled Student test is the wrong default.
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2) return { t: Number.NaN, df: Number.NaN, pValue: Number.NaN };
  const va = sampleVariance(a) / a.length;
  const vb = sampleVariance(b) / b.length;
  const diff = mean(b) - mean(a);
  const se2 = va + vb;
  if (se2 === 0) {
    // Both sides constant: equal means are no evidence of anything, different ones are certain.
    return diff === 0
      ? { t: 0, df: a.length + b.length - 2, pValue: 1 }
      : { t: diff > 0 ? Infinity : -Infinity, df: a.length + b.length - 2, pValue: 0 };
  }
  const t = diff / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  return { t, df, pValue: studentTTwoSidedP(t, df) };
}
