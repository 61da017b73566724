import type { ConfidenceInterval } from './bootstrap';

/** Outcome of a statistical comparison of one benchmark key. */
export type Verdict = 'regression' | 'improvement' | 'no-change' | 'inconclusive';

/** Everything a key can end up as; `missing` and `crashed` are results, never exceptions. */
export type ComparisonStatus = Verdict | 'missing' | 'crashed';

export interface VerdictInput {
  readonly baselineForks: number;
  readonly candidateForks: number;
  /** Direction-normalised ratio of fork means: > 1 means the candidate is better. */
  readonly speedup: number;
  /** Bootstrap interval of `speedup`. */
  readonly ci: ConfidenceInterval;
  /** BH-adjusted p-value (q-value) of the two-sided test. */
  readonly qValue: number;
  /** False discovery rate the q-value is held to, e.g. 0.05. */
  readonly fdr: number;
  /** Smallest relative change that matters, e.g. 0.02 for 2%. */
  readonly minEffect: number;
  /** Fewest forks per side to say anything, at least 2 (one fork has no spread). */
  readonly minForks: number;
}

export interface VerdictDecision {
  readonly verdict: Verdict;
  readonly reason: string;
}

/**
 * The no-change band for a speedup is [1/(1+m), 1+m]: symmetric on a log scale, so "2% slower" in
 * ns/op and "2% fewer" in ops/s sit the same distance from 1 whichever way the unit runs.
 */
export function noChangeBand(minEffect: number): { readonly lower: number; readonly upper: number } {
  return { lower: 1 / (1 + minEffect), upper: 1 + minEffect };
}

/**
 * Verdict rules, applied in order (s = speedup, [lo, hi] = its bootstrap CI, band = noChangeBand(m)):
 *
 * 1. inconclusive: fewer than `minForks` usable forks on either side, or s / q / CI not computable.
 * 2. significant (q ≤ fdr):
 *    a. s outside the band and the CI entirely on the same side of 1 → regression (s < 1) or
 *       improvement (s > 1): real, and large enough to matter;
 *    b. s inside the band → no-change: real but smaller than the minimum effect;
 *    c. otherwise (s outside the band but the CI reaches across 1: the t-test and the bootstrap
 *       disagree) → inconclusive.
 * 3. not significant:
 *    a. the CI lies entirely inside the band → no-change: any effect the data allow is too small
 *       to matter (an equivalence test in CI form);
 *    b. otherwise → inconclusive: the data can neither show a change nor rule one out; more forks
 *       or longer iterations are needed.
 *
 * A regression therefore needs three things at once: significance after BH across the whole suite,
 * a point estimate beyond the minimum effect, and a bootstrap interval that excludes "no difference".
 */
export function decideVerdict(input: VerdictInput): VerdictDecision {
  const { baselineForks, candidateForks, speedup, ci, qValue, fdr, minEffect, minForks } = input;
  const forks = Math.max(2, minForks);
  if (baselineForks < forks || candidateForks < forks) {
    return {
      verdict: 'inconclusive',
      reason: `too few forks (${baselineForks} vs ${candidateForks}, need ${forks} per side)`,
    };
  }
  if (![speedup, ci.lower, ci.upper, qValue].every(Number.isFinite)) {
    return { verdict: 'inconclusive', reason: 'statistics not computable (zero or non-finite scores)' };
  }
  const band = noChangeBand(minEffect);
  const pct = `${(minEffect * 100).toFixed(1)}%`;
  const insideBand = speedup >= band.lower && speedup <= band.upper;
  if (qValue <= fdr) {
    if (speedup < band.lower && ci.upper < 1) {
      return { verdict: 'regression', reason: `significant and beyond the ${pct} minimum effect` };
    }
    if (speedup > band.upper && ci.lower > 1) {
      return { verdict: 'improvement', reason: `significant and beyond the ${pct} minimum effect` };
    }
    if (insideBand) {
      return { verdict: 'no-change', reason: `significant but within the ${pct} minimum effect` };
    }
    return { verdict: 'inconclusive', reason: 'significant, but the confidence interval includes no change' };
  }
  if (ci.lower >= band.lower && ci.upper <= band.upper) {
    return { verdict: 'no-change', reason: `not significant and the CI lies within ±${pct}` };
  }
  return { verdict: 'inconclusive', reason: `not significant and the CI reaches beyond ±${pct}` };
}
