import type { Prng } from '@keel/service-runtime';

/**
 * Zipf-like sampling over ranks 1..n (weight 1/rank^s): a few huge shops, a long tail of small ones.
 * The cumulative table is built once; a draw is a binary search.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly n: number,
    exponent = 1.1,
  ) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Zipf needs at least one rank, got ${n}`);
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let rank = 1; rank <= n; rank++) {
      total += 1 / rank ** exponent;
      this.cumulative[rank - 1] = total;
    }
    for (let i = 0; i < n; i++) this.cumulative[i] = (this.cumulative[i] as number) / total;
  }

  /** A rank in 1..n; rank 1 is the most likely. */
  draw(prng: Prng): number {
    const u = prng.next();
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  }
}
