/**
 * Exponential backoff: `baseMs * 2^(attempt-1)`, capped at `maxMs`, with "equal jitter" (half fixed,
 * half random) so instances that failed together do not retry together. `random` is injectable for tests.
 */
export function backoffDelayMs(
  attempt: number,
  options: { baseMs: number; maxMs: number },
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be >= 1, got ${attempt}`);
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.min(attempt - 1, 30));
  const half = ceiling / 2;
  return Math.round(half + random() * half);
}
