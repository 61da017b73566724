import type { JmhSideSummary, JmhVerdict, JmhVerdictCounts } from '@keel/api-contracts';
import type { BenchmarkComparison, SideSummary, SuiteComparison } from '@keel/jmh-analysis';

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

function side(s: SideSummary | undefined): JmhSideSummary | null {
  if (s === undefined) return null;
  return {
    forkValues: s.forkValues.filter(Number.isFinite),
    mean: finite(s.mean),
    droppedForks: s.droppedForks,
    jdkVersion: s.jdkVersion ?? null,
    vmVersion: s.vmVersion ?? null,
  };
}

/** jmh-analysis's comparison of one key as the plain JSON verdict of the RPC contract (NaN → null). */
export function toVerdict(c: BenchmarkComparison, test: 'welch' | 'mann-whitney'): JmhVerdict {
  return {
    key: c.key,
    benchmark: c.benchmark,
    mode: c.mode ?? null,
    params: { ...c.params },
    status: c.status,
    reason: c.reason,
    unit: c.unit ?? null,
    direction: c.direction ?? null,
    ratio: finite(c.ratio),
    speedup: finite(c.speedup),
    speedupCi:
      c.speedupCi === undefined
        ? null
        : {
            lower: finite(c.speedupCi.lower),
            upper: finite(c.speedupCi.upper),
            confidence: c.speedupCi.confidence,
          },
    pValue: finite(c.pValue),
    qValue: finite(c.qValue),
    test,
    baseline: side(c.baseline),
    candidate: side(c.candidate),
  };
}

export function toVerdicts(suite: SuiteComparison): { verdicts: JmhVerdict[]; counts: JmhVerdictCounts } {
  return {
    verdicts: suite.comparisons.map((c) => toVerdict(c, suite.options.test)),
    counts: { ...suite.counts },
  };
}
