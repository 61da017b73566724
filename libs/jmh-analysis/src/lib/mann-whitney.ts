export interface MannWhitneyResult {
  /** U of sample a: pairs (x in a, y in b) with x > y, ties counting one half. */
  readonly u: number;
  /** Two-sided p-value; NaN with an empty side. */
  readonly pValue: number;
  readonly method: 'exact' | 'normal';
}

/** Largest n_a * n_b for the exact distribution: the table is (n_a + 1) x (n_b + 1) x (n_a n_b + 1). */
const EXACT_LIMIT = 400;

/**
 * Mann–Whitney U (Wilcoxon rank-sum), two-sided. Exact null distribution when there are no ties and the
 * samples are small (the usual case for forks); normal approximation with tie and continuity
 * correction otherwise, as scipy.stats.mannwhitneyu does. Rank-based, so one wild fork cannot dominate,
 * but note the floor: with 3 vs 3 forks the smallest possible two-sided p is 2/20 = 0.1.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return { u: Number.NaN, pValue: Number.NaN, method: 'exact' };

  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;

  const { tieTerm, hasTies } = ties([...a, ...b]);
  if (!hasTies && na * nb <= EXACT_LIMIT) {
    const counts = exactUDistribution(na, nb);
    const total = counts.reduce((s, c) => s + c, 0);
    let below = 0;
    for (let k = 0; k <= u; k++) below += counts[k];
    let above = 0;
    for (let k = u; k < counts.length; k++) above += counts[k];
    return { u, pValue: Math.min(1, (2 * Math.min(below, above)) / total), method: 'exact' };
  }

  const n = na + nb;
  const meanU = (na * nb) / 2;
  const varU = ((na * nb) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (varU <= 0) return { u, pValue: 1, method: 'normal' };
  const z = Math.max(0, Math.abs(u - meanU) - 0.5) / Math.sqrt(varU);
  return { u, pValue: Math.min(1, 2 * normalUpperTail(z)), method: 'normal' };
}

/** Σ (t³ - t) over groups of tied values, for the variance correction. */
function ties(values: readonly number[]): { tieTerm: number; hasTies: boolean } {
  const sorted = [...values].sort((x, y) => x - y);
  let tieTerm = 0;
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { tieTerm, hasTies: tieTerm > 0 };
}

/**
 * counts[u] = number of orderings of na + nb distinct values giving U = u, by the recurrence
 * f(m, n, u) = f(m - 1, n, u - n) + f(m, n - 1, u) (the largest value belongs to a or to b).
 */
function exactUDistribution(na: number, nb: number): number[] {
  // table[m][n] is the distribution for sizes (m, n); built bottom-up.
  const table: number[][][] = [];
  for (let m = 0; m <= na; m++) {
    table.push([]);
    for (let n = 0; n <= nb; n++) {
      const dist = new Array<number>(m * n + 1).fill(0);
      if (m === 0 || n === 0) {
        dist[0] = 1;
      } else {
        const fromA = table[m - 1][n];
        const fromB = table[m][n - 1];
        for (let k = 0; k < fromB.length; k++) dist[k] += fromB[k];
        for (let k = 0; k < fromA.length; k++) dist[k + n] += fromA[k];
      }
      table[m].push(dist);
    }
  }
  return table[na][nb];
}

/** P(Z > z) for a standard normal, via erfc (W. J. Cody's rational approximations are overkill here). */
function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Complementary error function, Numerical Recipes erfcc (fractional error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
