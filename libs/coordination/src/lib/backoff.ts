/** Exponential backoff: `baseMs`, doubled per attempt, never above `maxMs`. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * The delay before retry number `attempt` (0 for the first retry): `baseMs * 2^attempt`, capped at
 * `maxMs`. `jitter` (0..1) takes up to that fraction off, so many clients do not retry in step;
 * `random` is injectable for tests.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  jitter = 0,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`backoff attempt must be a non-negative integer (got ${attempt})`);
  }
  if (policy.baseMs < 0 || policy.maxMs < policy.baseMs) {
    throw new RangeError(`backoff needs 0 <= baseMs <= maxMs (got ${policy.baseMs}, ${policy.maxMs})`);
  }
  // 2^attempt overflows to Infinity long after it passed any sane maxMs, and min() handles Infinity
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 1024));
  const spread = Math.min(Math.max(jitter, 0), 1);
  return Math.round(raw * (1 - spread * random()));
}
