import {
  JMH_RUNNER_PATTERNS,
  type CompareJmhBuildsRequest,
  type JmhBuild,
  type JmhBuildPage,
  type JdkUpgradeTarget,
  type JmhComparison,
  type ListJmhBuildsRequest,
} from '@keel/api-contracts';
import { ServiceRpcClient, currentCaller, loadKeyring, rpcTlsFromEnv } from '@keel/service-runtime';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { firstValueFrom, timeout } from 'rxjs';
import type { PlanBenchmark } from './upgrade-plan';

/** The pairs the planner wants evidence for: a group's build (distribution, feature, version) and a target. */
export interface EvidenceWanted {
  baseline: { distribution: string; feature: number; version: string | null };
  candidates: JdkUpgradeTarget[];
}

export interface BenchmarkEvidenceSource {
  /** Comparisons for the pairs jmh-runner has done runs of; `unavailable` says why there are none at all. */
  evidence(wanted: EvidenceWanted[]): Promise<{ benchmarks: PlanBenchmark[]; unavailable: string | null }>;
}

type Benchmarked = JmhBuild & { distribution: string; feature: number };
const done = (b: JmhBuild): b is Benchmarked =>
  b.latestRunStatus === 'done' && b.distribution !== null && b.feature !== null;

/** Closest build: the exact version first, else the newest of the train. */
function pick(builds: JmhBuild[], distribution: string, feature: number, version: string | null) {
  const same = builds.filter(done).filter((b) => b.distribution === distribution && b.feature === feature);
  return same.find((b) => b.version === version) ?? same.sort((a, b) => cmp(b.version, a.version))[0];
}
const cmp = (a: string | null, b: string | null) =>
  String(a).localeCompare(String(b), undefined, { numeric: true });

/**
 * Benchmark verdicts from jmh-runner over its existing RPC contract (list builds, compare two builds):
 * the planner owns the recommendation, jmh-runner owns the statistics. Each comparison is computed
 * (and stored) by jmh-runner; a pair without done runs on both sides is simply not benchmarked.
 */
export class JmhRunnerEvidence implements BenchmarkEvidenceSource, OnApplicationShutdown {
  private readonly logger = new Logger('UpgradePlanBenchmarks');
  private client: ServiceRpcClient | null = null;

  constructor(
    private readonly address: { host: string; port: number },
    private readonly timeoutMs: number,
  ) {}

  private send<R>(pattern: { cmd: string }, request: unknown): Promise<R> {
    // as jdk-inventory, on behalf of whoever asked for the plan (the gateway's caller)
    this.client ??= new ServiceRpcClient({
      ...this.address,
      keyring: loadKeyring('jdk-inventory'),
      audience: 'jmh-runner',
      tls: rpcTlsFromEnv(),
    });
    return firstValueFrom(
      this.client.sendAs<R>(pattern, request, currentCaller()?.actor).pipe(timeout(this.timeoutMs)),
    );
  }

  async evidence(wanted: EvidenceWanted[]) {
    let builds: JmhBuild[];
    try {
      const request: ListJmhBuildsRequest = { limit: 500 };
      builds = (await this.send<JmhBuildPage>(JMH_RUNNER_PATTERNS.listBuilds, request)).items;
    } catch (error) {
      const why = `jmh-runner did not answer (${describe(error)}): the plan has no benchmark evidence`;
      this.logger.warn(why);
      return { benchmarks: [], unavailable: why };
    }
    const pairs = new Map<string, { base: Benchmarked; cand: Benchmarked }>();
    for (const w of wanted) {
      const base = pick(builds, w.baseline.distribution, w.baseline.feature, w.baseline.version);
      if (!base) continue;
      for (const c of w.candidates) {
        const cand = pick(builds, c.distribution, c.feature, c.version);
        if (cand && cand.id !== base.id) pairs.set(`${base.id}:${cand.id}`, { base, cand });
      }
    }
    const benchmarks: PlanBenchmark[] = [];
    for (const { base, cand } of pairs.values()) {
      try {
        const request: CompareJmhBuildsRequest = { baselineBuildId: base.id, candidateBuildId: cand.id };
        const c = await this.send<JmhComparison>(JMH_RUNNER_PATTERNS.compare, request);
        benchmarks.push({
          baseline: { distribution: base.distribution, feature: base.feature, version: base.version },
          candidate: { distribution: cand.distribution, feature: cand.feature, version: cand.version },
          evidence: {
            comparisonId: c.id,
            baselineLabel: c.baselineLabel,
            candidateLabel: c.candidateLabel,
            sameVersion: c.sameVersion,
            regression: c.counts.regression,
            improvement: c.counts.improvement,
            noChange: c.counts['no-change'],
            inconclusive: c.counts.inconclusive,
            crashed: c.counts.crashed,
            missing: c.counts.missing,
            regressions: c.verdicts
              .filter((v) => v.status === 'regression' || v.status === 'crashed')
              .map((v) => v.key),
          },
        });
      } catch (error) {
        // e.g. the two builds' latest done runs use different profiles: not comparable, not evidence
        this.logger.warn(`compare ${base.label} -> ${cand.label}: ${describe(error)}`);
      }
    }
    return { benchmarks, unavailable: null };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.close();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) return JSON.stringify(error);
  return String(error);
}
