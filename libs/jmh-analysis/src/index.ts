/**
 * @keel/jmh-analysis: reads JMH `-rf json` results of two JDK builds and says, per benchmark + mode +
 * params, whether the candidate is a regression, an improvement, no change or inconclusive, using
 * per-fork values, a seeded bootstrap interval, Welch's t-test (or Mann–Whitney U), a minimum effect
 * and Benjamini–Hochberg across the suite. Missing and crashed benchmarks are statuses, not errors.
 * Pure functions: callers read the files and run the JVMs.
 */
export { benchmarkKey } from './lib/benchmark-key';
export { InvalidJmhResult, parseJmhResults, type JmhMetric, type JmhResult } from './lib/jmh-result.parser';
export { jmhJsonSchema, type JmhJsonResult } from './lib/jmh-result.schema';
export { parseJmhLogFailures, type JmhFailure } from './lib/jmh-failure';
export {
  JMH_MODES,
  UnknownScoreUnit,
  directionOf,
  unitConversionFactor,
  type Direction,
  type JmhMode,
} from './lib/score-unit';
export { mean, median, sampleVariance } from './lib/descriptive';
export { logGamma, regularizedIncompleteBeta, studentTCdf, studentTTwoSidedP } from './lib/student-t';
export { welchTTest, type WelchResult } from './lib/welch';
export { mannWhitneyU, type MannWhitneyResult } from './lib/mann-whitney';
export { benjaminiHochberg, type BenjaminiHochbergResult } from './lib/benjamini-hochberg';
export {
  DEFAULT_BOOTSTRAP,
  bootstrapTwoSample,
  ratioOfMeans,
  type BootstrapOptions,
  type ConfidenceInterval,
} from './lib/bootstrap';
export {
  decideVerdict,
  noChangeBand,
  type ComparisonStatus,
  type Verdict,
  type VerdictDecision,
  type VerdictInput,
} from './lib/verdict';
export {
  DEFAULT_COMPARE_OPTIONS,
  compareRuns,
  type BenchmarkComparison,
  type CompareOptions,
  type ForkStatistic,
  type JmhRun,
  type ResolvedCompareOptions,
  type SideSummary,
  type SignificanceTest,
  type SuiteComparison,
} from './lib/comparison';
export { formatComparison } from './lib/comparison-report';
