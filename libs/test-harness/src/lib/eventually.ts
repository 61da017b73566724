export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Says what was awaited, for the error when the deadline passes. */
  what?: string;
}

/**
 * Polls `probe` until it returns a value other than undefined/false (or stops throwing) and returns
 * that value. Fails after the deadline with the last error, so a test never sleeps a fixed time.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: EventuallyOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${options.what ?? 'condition'} not reached within ${timeoutMs} ms${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
