import type { JmhFailure, JmhMetric, JmhResult } from '@keel/jmh-analysis';

const mergeMetric = (a: JmhMetric, b: JmhMetric): JmhMetric => ({ ...a, forks: [...a.forks, ...b.forks] });

/**
 * Results of several one-fork JMH invocations of the same benchmark as one result per key: a fork is a
 * fork, whichever invocation ran it. JMH's own `score` is kept from the first invocation (informational).
 */
export function mergeForkResults(parts: readonly JmhResult[][]): JmhResult[] {
  const byKey = new Map<string, JmhResult>();
  for (const results of parts) {
    for (const r of results) {
      const seen = byKey.get(r.key);
      if (seen === undefined) {
        byKey.set(r.key, r);
        continue;
      }
      const secondary: Record<string, JmhMetric> = { ...seen.secondary };
      for (const [name, metric] of Object.entries(r.secondary))
        secondary[name] = secondary[name] === undefined ? metric : mergeMetric(secondary[name], metric);
      byKey.set(r.key, { ...seen, primary: mergeMetric(seen.primary, r.primary), secondary });
    }
  }
  return [...byKey.values()];
}

/** The same failure reported by several invocations counts once. */
export function uniqueFailures(failures: readonly JmhFailure[]): JmhFailure[] {
  const seen = new Set<string>();
  return failures.filter((f) => {
    const id = `${f.benchmark}|${f.mode ?? ''}|${JSON.stringify(f.params ?? {})}|${f.kind}|${f.reason}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
