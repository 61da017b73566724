import type { JmhBuild, JmhDigest, JmhRun } from '@keel/api-contracts';
import type { WebhookEvent } from '@keel/webhooks';

/** What a finished run's digest tells people: regressions (one message per comparison), crashes, hangs. */
export function digestEvents(digest: JmhDigest, run: JmhRun, consoleUrl?: string): WebhookEvent[] {
  const link = consoleUrl ? `${consoleUrl}#/benchmarks` : undefined;
  const events: WebhookEvent[] = [];
  const against = digest.against?.label ?? 'no baseline';
  if (digest.regressions.length > 0 && digest.comparisonId) {
    events.push({
      kind: 'jmh.regression',
      dedupKey: `jmh.regression:${digest.comparisonId}`,
      title: `${digest.build.label}: ${digest.regressions.length} benchmark regression(s) against ${against}`,
      text: digest.regressions
        .slice(0, 8)
        .map((v) => `${v.key}: speedup ${v.speedup?.toFixed(3) ?? '?'} (${v.reason})`)
        .join('\n'),
      fields: {
        build: digest.build.label,
        baseline: against,
        regressions: digest.regressions.length,
        run: run.id,
      },
      link,
    });
  }
  for (const kind of ['crashed', 'hung'] as const) {
    const hits = digest.crashes.filter((c) => c.kind === kind && c.runId === run.id);
    if (hits.length === 0) continue;
    events.push({
      kind: kind === 'crashed' ? 'jmh.crash' : 'jmh.hang',
      dedupKey: `${kind === 'crashed' ? 'jmh.crash' : 'jmh.hang'}:${run.id}`,
      title: `${digest.build.label}: ${hits.length} benchmark(s) ${kind === 'crashed' ? 'crashed the JVM' : 'hung'}`,
      text: hits
        .map((c) => `${c.benchmark}: ${c.reason}${c.crashLogs.length ? ` (${c.crashLogs.join(', ')})` : ''}`)
        .join('\n'),
      fields: { build: digest.build.label, run: run.id, [kind]: hits.length },
      link,
    });
  }
  return events;
}

/** A new build found and its run queued. */
export function buildQueuedEvent(build: JmhBuild, run: JmhRun, consoleUrl?: string): WebhookEvent {
  return {
    kind: 'build.queued',
    dedupKey: `build.queued:${build.id}`,
    title: `New JDK build ${build.label} discovered; benchmarks queued`,
    text: `${build.vendor ?? 'Unknown vendor'} ${build.version ?? ''} (${build.source}) gets the ${run.profile} profile: run ${run.id}.`,
    fields: { build: build.label, source: build.source, profile: run.profile, run: run.id },
    link: consoleUrl ? `${consoleUrl}#/benchmarks` : undefined,
  };
}
