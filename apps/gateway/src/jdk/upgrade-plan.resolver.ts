import { JDK_UPGRADE_PATTERNS, type JdkUpgradePlanReply } from '@keel/api-contracts';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { sliceConnection } from '../graphql/connection';
import { badInput } from '../graphql/errors';
import { UpstreamClients } from '../upstream/upstream-clients';
import { JdkScopeInput } from './jdk.types';
import { JdkUpgradePlan, JdkUpgradePolicyInput } from './upgrade-plan.types';

const plain = <T>(value: T | undefined | null): T | undefined =>
  value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as T);

/** The upgrade planner of jdk-inventory (which asks jmh-runner for the verdicts): a façade, no logic here. */
@Resolver(() => JdkUpgradePlan)
export class JdkUpgradePlanResolver {
  constructor(private readonly upstreams: UpstreamClients) {}

  @Query(() => JdkUpgradePlan, {
    nullable: true,
    description: 'Per host group: the recommended target, its blockers with fixes, benchmark verdicts, waves',
  })
  async jdkUpgradePlan(
    @Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput,
    @Args('policy', { type: () => JdkUpgradePolicyInput, nullable: true }) policy?: JdkUpgradePolicyInput,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'Groups per page: default 100, at most 500',
    })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const size = first ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > 500) {
      throw badInput(`"first" must be between 1 and 500, got ${size}`);
    }
    const plan = await this.upstreams.send<JdkUpgradePlanReply>(
      'jdk-inventory',
      JDK_UPGRADE_PATTERNS.upgradePlan,
      { scope: plain(scope), policy: plain(policy) },
      // the planner reads the fleet and compares builds in jmh-runner: allow it more than one query
      30_000,
    );
    return { ...plan, groups: sliceConnection(plan.groups, size, after) };
  }
}
