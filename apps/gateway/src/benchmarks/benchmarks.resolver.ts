import {
  JMH_RUNNER_PATTERNS,
  type CompareJmhBuildsRequest,
  type JmhBuild as JmhBuildReply,
  type JmhBuildPage,
  type JmhBuildSource,
  type JmhComparison as JmhComparisonReply,
  type JmhRun as JmhRunReply,
  type JmhRunPage,
  type JmhRunStatus,
  type JmhVerdictCounts as JmhVerdictCountsReply,
  type JmhVerdictPage,
  type JmhVerdictStatus,
} from '@keel/api-contracts';
import { Args, Context, Float, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { connectionAtOffset, offsetAfter, sliceConnection } from '../graphql/connection';
import { badInput } from '../graphql/errors';
import type { GatewayContext } from '../graphql/request-loaders';
import { UpstreamClients } from '../upstream/upstream-clients';
import {
  JmhBuild,
  JmhBuildConnection,
  JmhComparison,
  JmhRun,
  JmhRunConnection,
  JmhVerdictConnection,
  JmhVerdictCounts,
} from './benchmark.types';

const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;
function limit(first: number | undefined): number {
  if (first === undefined || first === null) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw badInput(`"first" must be between 1 and ${MAX_PAGE}, got ${first}`);
  }
  return first;
}

/** Builds and runs from jmh-runner over RPC; a run's build through a DataLoader (one RPC per request). */
@Resolver(() => JmhRun)
export class JmhRunResolver {
  constructor(private readonly upstreams: UpstreamClients) {}

  @Query(() => JmhBuildConnection, { nullable: true, description: 'JDK builds, newest first' })
  async jmhBuilds(
    @Args('source', { type: () => String, nullable: true, description: 'local, drop or adoptium' })
    source?: string,
    @Args('feature', { type: () => Int, nullable: true }) feature?: number,
    @Args('first', { type: () => Int, nullable: true, description: `Default 50, at most ${MAX_PAGE}` })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const offset = offsetAfter(after);
    const page = await this.upstreams.send<JmhBuildPage>('jmh-runner', JMH_RUNNER_PATTERNS.listBuilds, {
      source: (source ?? undefined) as JmhBuildSource | undefined,
      feature: feature ?? undefined,
      limit: limit(first),
      offset,
    });
    return connectionAtOffset(page.items, offset, page.total);
  }

  @Query(() => JmhBuild, { nullable: true })
  jmhBuild(@Args('id', { type: () => ID }) id: string, @Context() context: GatewayContext) {
    return context.loaders.buildById.load(id);
  }

  @Query(() => JmhRunConnection, { nullable: true, description: 'Runs of a build, newest first' })
  async jmhRuns(
    @Args('buildId', { type: () => ID }) buildId: string,
    @Args('status', { type: () => String, nullable: true }) status?: string,
    @Args('first', { type: () => Int, nullable: true, description: `Default 50, at most ${MAX_PAGE}` })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const offset = offsetAfter(after);
    const page = await this.upstreams.send<JmhRunPage>('jmh-runner', JMH_RUNNER_PATTERNS.listRuns, {
      buildId,
      status: (status ?? undefined) as JmhRunStatus | undefined,
      limit: limit(first),
      offset,
    });
    return connectionAtOffset(page.items, offset, page.total);
  }

  @Query(() => JmhRun, { nullable: true })
  jmhRun(@Args('id', { type: () => ID }) id: string, @Context() context: GatewayContext) {
    return context.loaders.runById.load(id);
  }

  @ResolveField(() => JmhBuild, { nullable: true })
  build(@Parent() run: JmhRunReply, @Context() context: GatewayContext): Promise<JmhBuildReply | null> {
    return context.loaders.buildById.load(run.buildId);
  }
}

/** The counts with a GraphQL-friendly key for `no-change`. */
const countsOf = (counts: JmhVerdictCountsReply): JmhVerdictCounts => ({
  regression: counts.regression,
  improvement: counts.improvement,
  noChange: counts['no-change'],
  inconclusive: counts.inconclusive,
  missing: counts.missing,
  crashed: counts.crashed,
});

/** Comparisons and verdicts; a comparison's runs and builds through DataLoaders. */
@Resolver(() => JmhComparison)
export class JmhComparisonResolver {
  constructor(private readonly upstreams: UpstreamClients) {}

  @Query(() => JmhComparison, {
    nullable: true,
    description:
      'Compare two builds (their latest done runs of a profile) or two runs, benchmark by benchmark',
  })
  async jmhCompare(
    @Args('baselineBuildId', { type: () => ID, nullable: true }) baselineBuildId?: string,
    @Args('candidateBuildId', { type: () => ID, nullable: true }) candidateBuildId?: string,
    @Args('profile', { type: () => String, nullable: true }) profile?: string,
    @Args('baselineRunId', { type: () => ID, nullable: true }) baselineRunId?: string,
    @Args('candidateRunId', { type: () => ID, nullable: true }) candidateRunId?: string,
    @Args('minEffect', { type: () => Float, nullable: true }) minEffect?: number,
    @Args('fdr', { type: () => Float, nullable: true }) fdr?: number,
  ) {
    const tuning = { minEffect: minEffect ?? undefined, fdr: fdr ?? undefined };
    let request: CompareJmhBuildsRequest;
    if (baselineBuildId && candidateBuildId) {
      request = { baselineBuildId, candidateBuildId, profile: profile ?? undefined, ...tuning };
    } else if (baselineRunId && candidateRunId) {
      request = { baselineRunId, candidateRunId, ...tuning };
    } else {
      throw badInput(
        'give "baselineBuildId" and "candidateBuildId", or "baselineRunId" and "candidateRunId"',
      );
    }
    const comparison = await this.upstreams.send<JmhComparisonReply>(
      'jmh-runner',
      JMH_RUNNER_PATTERNS.compare,
      request,
    );
    return { ...comparison, counts: countsOf(comparison.counts) };
  }

  @Query(() => JmhVerdictConnection, { nullable: true, description: 'Verdicts of a stored comparison' })
  async jmhVerdicts(
    @Args('comparisonId', { type: () => ID }) comparisonId: string,
    @Args('status', { type: () => [String], nullable: true }) status?: string[],
    @Args('benchmark', { type: () => String, nullable: true, description: 'Substring of the key' })
    benchmark?: string,
    @Args('first', { type: () => Int, nullable: true, description: `Default 50, at most ${MAX_PAGE}` })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const size = limit(first);
    const page = await this.upstreams.send<JmhVerdictPage>('jmh-runner', JMH_RUNNER_PATTERNS.verdicts, {
      comparisonId,
      status: (status ?? undefined) as JmhVerdictStatus[] | undefined,
      benchmark: benchmark ?? undefined,
    });
    // jmh-runner answers a comparison's verdicts whole (a suite is at most a few hundred keys)
    return { comparisonId: page.comparisonId, ...sliceConnection(page.items, size, after) };
  }

  @ResolveField(() => JmhBuild, { nullable: true })
  baselineBuild(@Parent() c: JmhComparisonReply, @Context() context: GatewayContext) {
    return context.loaders.buildById.load(c.baselineBuildId);
  }

  @ResolveField(() => JmhBuild, { nullable: true })
  candidateBuild(@Parent() c: JmhComparisonReply, @Context() context: GatewayContext) {
    return context.loaders.buildById.load(c.candidateBuildId);
  }

  @ResolveField(() => JmhRun, { nullable: true })
  baselineRun(@Parent() c: JmhComparisonReply, @Context() context: GatewayContext) {
    return context.loaders.runById.load(c.baselineRunId);
  }

  @ResolveField(() => JmhRun, { nullable: true })
  candidateRun(@Parent() c: JmhComparisonReply, @Context() context: GatewayContext) {
    return context.loaders.runById.load(c.candidateRunId);
  }
}
