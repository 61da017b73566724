/**
 * Exponential backoff: `baseMs`, doubled per attempt, never above `maxMs`. `jitter` (0..1, default 0)
 * is the largest fraction taken off at random, so many clients that failed together do not retry in
 * step: 0 is exact (a schedule a test can read), 0.5 waits between half and all of it, 1 anywhere
 * from nothing to all of it.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  jitter?: number;
}

/**
 * The one backoff rule of Keel: the delay after failed attempt `attempt` (counted from 1: the first
 * failure waits about `baseMs`) is
 *
 *   round(min(maxMs, baseMs * 2^(attempt-1)) * (1 - jitter * random()))
 *
 * `random` (values in [0, 1)) is injectable for tests.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`backoff attempt is counted from 1 (got ${attempt})`);
  }
  const { baseMs, maxMs, jitter = 0 } = policy;
  if (!(baseMs >= 0 && maxMs >= baseMs)) {
    throw new RangeError(`backoff needs 0 <= baseMs <= maxMs (got ${baseMs}, ${maxMs})`);
  }
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`backoff jitter must be in [0, 1] (got ${jitter})`);
  // 2^1023 is still finite, so a zero base stays 0 instead of 0 * Infinity = NaN; min() caps the rest
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 1023));
  return Math.round(ceiling * (1 - jitter * random()));
}
