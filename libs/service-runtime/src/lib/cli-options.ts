/** A CLI was called wrongly (a bad option value): `runCli` prints the message and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * A CLI option that must be a positive integer: `fallback` when not given (without one the option is
 * required), else the number, or a UsageError naming the option and the value
 * (`--limit must be a positive integer, got "x"`).
 */
export function positiveIntOption(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}
