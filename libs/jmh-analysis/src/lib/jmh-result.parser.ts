import type { ZodIssue } from 'zod';

import { benchmarkKey } from './benchmark-key';
import { type JmhJsonMetric, type JmhJsonResult, jmhJsonSchema } from './jmh-result.schema';
import type { JmhMode } from './score-unit';

/** One metric with its measurement iterations kept per fork: forks[f][i] is fork f, iteration i. */
export interface JmhMetric {
  readonly unit: string;
  /** JMH's own summary score (pooled over iterations); informational only. */
  readonly score: number;
  readonly forks: number[][];
}

/** One benchmark + mode + params of one JMH run. */
export interface JmhResult {
  readonly key: string;
  readonly benchmark: string;
  readonly mode: JmhMode;
  readonly params: Readonly<Record<string, string>>;
  readonly threads?: number;
  readonly jvm?: string;
  readonly jdkVersion?: string;
  readonly vmName?: string;
  readonly vmVersion?: string;
  readonly primary: JmhMetric;
  /** Profiler metrics such as `·gc.alloc.rate.norm`, carried as they came. */
  readonly secondary: Readonly<Record<string, JmhMetric>>;
}

export class InvalidJmhResult extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`InvalidJmhResult: ${message}`);
    this.name = 'InvalidJmhResult';
  }
}

/**
 * Parses the already-decoded JSON of `java -jar benchmarks.jar -rf json`. Throws InvalidJmhResult naming
 * the field (`[2].primaryMetric.scoreUnit: Required`) on input that is not JMH JSON. When the same key
 * appears twice (two JMH invocations concatenated) their forks are appended: a fork is a fork.
 */
export function parseJmhResults(json: unknown, source = 'JMH result'): JmhResult[] {
  const parsed = jmhJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = formatPath(issue.path);
    throw new InvalidJmhResult(`${source}${describeBenchmark(json, issue)}: ${path}: ${issue.message}`, path);
  }
  const byKey = new Map<string, JmhResult>();
  for (const entry of parsed.data) {
    const result = toResult(entry);
    const existing = byKey.get(result.key);
    byKey.set(result.key, existing === undefined ? result : mergeForks(existing, result));
  }
  return [...byKey.values()];
}

function toResult(entry: JmhJsonResult): JmhResult {
  const params = entry.params ?? {};
  const secondary: Record<string, JmhMetric> = {};
  for (const [name, metric] of Object.entries(entry.secondaryMetrics ?? {}))
    secondary[name] = toMetric(metric);
  return {
    key: benchmarkKey(entry.benchmark, entry.mode, params),
    benchmark: entry.benchmark,
    mode: entry.mode,
    params,
    threads: entry.threads,
    jvm: entry.jvm,
    jdkVersion: entry.jdkVersion,
    vmName: entry.vmName,
    vmVersion: entry.vmVersion,
    primary: toMetric(entry.primaryMetric),
    secondary,
  };
}

function toMetric(metric: JmhJsonMetric): JmhMetric {
  if (metric.rawData !== undefined) {
    return { unit: metric.scoreUnit, score: metric.score, forks: metric.rawData.map((it) => [...it]) };
  }
  // Sample mode: each iteration is a histogram of [time, count]; its score is the weighted mean.
  const forks = (metric.rawDataHistogram ?? []).map((fork) =>
    fork.map((histogram) => {
      let total = 0;
      let count = 0;
      for (const [value, n] of histogram) {
        total += value * n;
        count += n;
      }
      return count === 0 ? Number.NaN : total / count;
    }),
  );
  return { unit: metric.scoreUnit, score: metric.score, forks };
}

function mergeForks(a: JmhResult, b: JmhResult): JmhResult {
  const secondary: Record<string, JmhMetric> = { ...a.secondary };
  for (const [name, metric] of Object.entries(b.secondary)) {
    const mine = secondary[name];
    secondary[name] = mine === undefined ? metric : { ...mine, forks: [...mine.forks, ...metric.forks] };
  }
  return { ...a, primary: { ...a.primary, forks: [...a.primary.forks, ...b.primary.forks] }, secondary };
}

function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(root)';
}

/** Names the benchmark of the broken entry when it has one, so the message points at the right run. */
function describeBenchmark(json: unknown, issue: ZodIssue): string {
  const index = issue.path[0];
  if (!Array.isArray(json) || typeof index !== 'number') return '';
  const entry: unknown = json[index];
  if (
    typeof entry === 'object' &&
    entry !== null &&
    'benchmark' in entry &&
    typeof entry.benchmark === 'string'
  ) {
    return ` (${entry.benchmark})`;
  }
  return '';
}
