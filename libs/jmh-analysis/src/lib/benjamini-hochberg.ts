export interface BenjaminiHochbergResult {
  /** BH-adjusted p-values (q-values), in input order; NaN where the input p was NaN. */
  readonly adjusted: number[];
  /** Whether each hypothesis is rejected at the false discovery rate q. */
  readonly rejected: boolean[];
}

/**
 * Benjamini–Hochberg step-up procedure (J. R. Stat. Soc. B 57, 1995). A suite of 50 benchmarks tested at
 * p < 0.05 each shows ~2.5 "changes" by chance; BH caps the expected share of false discoveries among
 * the reported changes at q instead. NaN p-values (no test possible) are left out of m.
 */
export function benjaminiHochberg(pValues: readonly number[], q = 0.05): BenjaminiHochbergResult {
  const indexed = pValues
    .map((p, index) => ({ p, index }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((x, y) => x.p - y.p);
  const m = indexed.length;
  const adjusted = pValues.map(() => Number.NaN);
  // q_(i) = min over j ≥ i of p_(j) m / j: walk from the largest p down, carrying the running minimum.
  let runningMin = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, index } = indexed[rank - 1];
    runningMin = Math.min(runningMin, (p * m) / rank);
    adjusted[index] = runningMin;
  }
  return { adjusted, rejected: adjusted.map((a) => !Number.isNaN(a) && a <= q) };
}
