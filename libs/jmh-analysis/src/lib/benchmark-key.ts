import type { JmhMode } from './score-unit';

/**
 * Results are compared like with like: the same benchmark method, in the same mode, with the same @Param
 * values. The key is a readable string so it can be printed and used as a map key:
 * `dev.keel.jmh.CollectionsBenchmark.sortCopy [thrpt] {size=100}`.
 */
export function benchmarkKey(
  benchmark: string,
  mode: JmhMode,
  params: Readonly<Record<string, string>> = {},
): string {
  const names = Object.keys(params).sort();
  const paramText = names.length === 0 ? '' : ` {${names.map((n) => `${n}=${params[n]}`).join(', ')}}`;
  return `${benchmark} [${mode}]${paramText}`;
}
