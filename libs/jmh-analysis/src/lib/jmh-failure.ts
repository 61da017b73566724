import type { JmhMode } from './score-unit';

/**
 * A benchmark that produced no trustworthy result: its fork JVM died or the benchmark threw (`crashed`),
 * or it ran into the iteration timeout or was killed by the runner (`hung`). JMH leaves such a benchmark
 * out of its JSON altogether (and still exits 0 without `-foe true`), so failures come from the run log
 * ({@link parseJmhLogFailures}) or from the runner that supervised the JVM.
 */
export interface JmhFailure {
  readonly benchmark: string;
  /** When unknown, the failure applies to every mode of the benchmark. */
  readonly mode?: JmhMode;
  /** When unknown, the failure applies to every params combination of the benchmark. */
  readonly params?: Readonly<Record<string, string>>;
  readonly kind: 'crashed' | 'hung';
  readonly reason: string;
}

const MODE_LABELS: readonly [string, JmhMode][] = [
  ['Throughput', 'thrpt'],
  ['Average time', 'avgt'],
  ['Sampling time', 'sample'],
  ['Single shot', 'ss'],
];

/**
 * Reads JMH's human-readable output (stdout of `java -jar benchmarks.jar`) and returns one failure per
 * benchmark section that shows `<failure>` (the benchmark threw), `<forked VM failed with exit code N>`
 * (the fork JVM died) or `(*interrupt*)` (an iteration hit the `-to` timeout).
 */
export function parseJmhLogFailures(log: string): JmhFailure[] {
  const failures: JmhFailure[] = [];
  let mode: JmhMode | undefined;
  let benchmark: string | undefined;
  let params: Record<string, string> | undefined;
  let failure: Pick<JmhFailure, 'kind' | 'reason'> | undefined;

  const flush = (): void => {
    if (benchmark !== undefined && failure !== undefined)
      failures.push({ benchmark, mode, params, ...failure });
    failure = undefined;
  };

  for (const rawLine of log.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('# Benchmark mode:')) {
      flush();
      const label = line.slice('# Benchmark mode:'.length).trim();
      mode = MODE_LABELS.find(([prefix]) => label.startsWith(prefix))?.[1];
    } else if (line.startsWith('# Benchmark:')) {
      flush();
      benchmark = line.slice('# Benchmark:'.length).trim();
      params = undefined;
    } else if (line.startsWith('# Parameters:')) {
      params = parseParams(line.slice('# Parameters:'.length));
    } else if (line.startsWith('# Run complete')) {
      flush();
      benchmark = undefined;
    } else if (failure === undefined || failure.kind === 'hung') {
      const exit = /<forked VM failed with exit code (-?\d+)>/.exec(line);
      if (exit !== null) failure = { kind: 'crashed', reason: `forked VM failed with exit code ${exit[1]}` };
      else if (line.includes('<failure>'))
        failure = { kind: 'crashed', reason: 'benchmark threw an exception' };
      else if (failure === undefined && line.includes('(*interrupt*)')) {
        failure = { kind: 'hung', reason: 'iteration interrupted at the JMH timeout' };
      }
    }
  }
  flush();
  return failures;
}

/** `(size = 100, codec = gzip)` → { size: '100', codec: 'gzip' }. */
function parseParams(text: string): Record<string, string> {
  const inner = text.trim().replace(/^\(/, '').replace(/\)$/, '');
  const params: Record<string, string> = {};
  for (const pair of inner.split(',')) {
    const eq = pair.indexOf('=');
    if (eq > 0) params[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return params;
}
