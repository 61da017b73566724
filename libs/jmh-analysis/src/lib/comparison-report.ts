import type { BenchmarkComparison, SuiteComparison } from './comparison';

const percent = (speedup: number | undefined): string =>
  speedup === undefined || !Number.isFinite(speedup)
    ? ''
    : `${speedup >= 1 ? '+' : ''}${((speedup - 1) * 100).toFixed(1)}%`;

const number = (value: number | undefined): string => {
  if (value === undefined || !Number.isFinite(value)) return '';
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(4);
};

/** Drops the package (`dev.keel.jmh.`) from the key: the class name is enough in a table. */
const shortName = (c: BenchmarkComparison): string => c.key.replace(/^(?:[a-z0-9_]+\.)+/, '');

/**
 * Plain-text table of a suite comparison, one line per key. "B/A" is the raw ratio of fork means in the
 * unit shown; "change" and its CI are direction-normalised: positive means the candidate is better
 * (faster), whatever the unit. For CLIs and reports; the data is in the object.
 */
export function formatComparison(suite: SuiteComparison): string {
  const { minEffect, fdr, bootstrap, test } = suite.options;
  const header = [
    'status',
    'benchmark',
    'unit',
    'baseline',
    'candidate',
    'B/A',
    'change',
    `${Math.round(bootstrap.confidence * 100)}% CI`,
    'p',
    'q',
    'forks',
  ];
  const rows = suite.comparisons.map((c) => [
    c.status,
    shortName(c),
    c.unit ?? '',
    number(c.baseline?.mean),
    number(c.candidate?.mean),
    c.ratio === undefined || !Number.isFinite(c.ratio) ? '' : `${c.ratio.toFixed(3)}x`,
    percent(c.speedup),
    c.speedupCi === undefined ? '' : `[${percent(c.speedupCi.lower)}, ${percent(c.speedupCi.upper)}]`,
    c.pValue === undefined ? '' : c.pValue.toPrecision(2),
    c.qValue === undefined ? '' : c.qValue.toPrecision(2),
    c.baseline === undefined ? '' : `${c.baseline.forkValues.length}/${c.candidate?.forkValues.length ?? 0}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const counts = Object.entries(suite.counts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const reasons = suite.comparisons.map((c) => `  ${shortName(c)}: ${c.status}: ${c.reason}`);
  return [
    `baseline ${suite.baseline} vs candidate ${suite.candidate}`,
    `min effect ${(minEffect * 100).toFixed(1)}%, ${test} test, BH q ≤ ${fdr}, ${bootstrap.resamples} bootstrap resamples`,
    '',
    line(header),
    ...rows.map(line),
    '',
    ...reasons,
    '',
    counts,
  ].join('\n');
}
