import type { JdkUpgradePlanReply, JdkUpgradePlanRequest, JdkUpgradePolicy } from '@keel/api-contracts';
import type { JdkKnowledge } from '@keel/jdk-detect';
import type { BenchmarkEvidenceSource } from './benchmark-evidence';
import { candidateTargets, planUpgrades } from './upgrade-plan';
import type { UpgradePlanQueries } from './upgrade-plan.queries';
import { parseUpgradePolicy } from './upgrade-policy';

/** Reads the fleet, asks for benchmark evidence, and lets the pure core decide. */
export class UpgradePlannerService {
  constructor(
    private readonly queries: UpgradePlanQueries,
    private readonly benchmarks: BenchmarkEvidenceSource,
    private readonly knowledge: () => JdkKnowledge,
    private readonly policy: JdkUpgradePolicy,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async plan(request: JdkUpgradePlanRequest = {}): Promise<JdkUpgradePlanReply> {
    const policy = request.policy
      ? parseUpgradePolicy(request.policy, 'request.policy', this.policy)
      : this.policy;
    const knowledge = this.knowledge();
    const today = this.now();
    const [rows, groupHosts, jvms] = [
      await this.queries.installationRows(request.scope),
      await this.queries.groupHosts(request.scope),
      await this.queries.jvms(request.scope),
    ];
    // evidence only for the builds a group is on and the targets it could get
    const baselines = new Map<string, { distribution: string; feature: number; version: string | null }>();
    for (const r of rows) {
      if (!r.distribution) continue;
      const key = `${r.distribution}/${r.feature}/${r.version}`;
      if (!baselines.has(key))
        baselines.set(key, { distribution: r.distribution, feature: r.feature, version: r.version });
    }
    const wanted = [...baselines.values()].map((baseline) => ({
      baseline,
      candidates: candidateTargets(baseline.feature, knowledge, policy, today),
    }));
    const { benchmarks, unavailable } = await this.benchmarks.evidence(wanted);
    return planUpgrades({
      rows,
      groupHosts,
      jvms,
      benchmarks,
      knowledge,
      policy,
      today,
      benchmarksUnavailable: unavailable,
    });
  }
}
