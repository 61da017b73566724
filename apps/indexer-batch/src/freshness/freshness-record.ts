/** One canary: when its commit returned (unix ms) and how long until it was searchable. */
export interface FreshnessSample {
  committedAtMs: number;
  seconds: number;
}

export interface FreshnessSummary {
  /** Canaries seen searchable in the window. */
  count: number;
  p50Seconds: number | null;
  p99Seconds: number | null;
  last: FreshnessSample | null;
}

/**
 * The canaries of the last `windowMs` (default 1 h), in memory and bounded (`maxSamples`, oldest
 * dropped first): p50/p99 by nearest rank. Lost on restart; the histogram is the durable record.
 */
export class FreshnessRecord {
  private samples: FreshnessSample[] = [];

  constructor(
    readonly windowMs = 3_600_000,
    private readonly maxSamples = 10_000,
  ) {}

  add(sample: FreshnessSample): void {
    this.samples.push(sample);
    if (this.samples.length > this.maxSamples) this.samples.splice(0, this.samples.length - this.maxSamples);
  }

  summary(nowMs: number = Date.now()): FreshnessSummary {
    const from = nowMs - this.windowMs;
    this.samples = this.samples.filter((s) => s.committedAtMs >= from);
    const sorted = this.samples.map((s) => s.seconds).sort((a, b) => a - b);
    return {
      count: sorted.length,
      p50Seconds: nearestRank(sorted, 0.5),
      p99Seconds: nearestRank(sorted, 0.99),
      last: this.samples.at(-1) ?? null,
    };
  }
}

/** The nearest-rank quantile of ascending values (null when there are none). */
export function nearestRank(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}
