/**
 * Fixed-window request counters per key (an IP, a token): at most `limit` requests per `windowMs`.
 * In memory, per gateway instance: N replicas allow N times the limit, which is fine for what it
 * is for (one client hammering one pod, a token leaked into a loop). A shared limit would need
 * Redis or the DB; see docs/operations.md.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request of `key`; the seconds to wait when it is over the limit, else 0. */
  hit(key: string, nowMs = Date.now()): number {
    let window = this.windows.get(key);
    if (!window || nowMs - window.start >= this.windowMs) {
      if (this.windows.size >= this.maxKeys) this.sweep(nowMs);
      window = { start: nowMs, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    if (window.count <= this.limit) return 0;
    return Math.max(1, Math.ceil((window.start + this.windowMs - nowMs) / 1000));
  }

  private sweep(nowMs: number): void {
    for (const [key, w] of this.windows) if (nowMs - w.start >= this.windowMs) this.windows.delete(key);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
