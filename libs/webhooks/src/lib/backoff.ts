/** Delay before attempt `attempt + 1` (attempt 1 failed → base), doubling, capped; no jitter (tests read it). */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** 5xx, 408 and 429 are worth retrying; any other answer is final. */
export const retryable = (status: number) => status >= 500 || status === 408 || status === 429;
