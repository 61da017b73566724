/**
 * The nearest-rank percentile of `values` (any order; not modified): the smallest value with at
 * least p % of the values at or below it. NaN for no values. The benches' one rule for p50/p95/p99.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}
