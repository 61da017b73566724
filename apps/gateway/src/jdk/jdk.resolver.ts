import {
  JDK_MIGRATION_TARGETS,
  JDK_PAGE_MAX,
  JDK_PATTERNS,
  type JdkExposureReply,
  type JdkHostFilter,
  type JdkHostsReply,
  type JdkLicenceRisk,
  type JdkLicenceRiskReply,
  type JdkMigrationBacklogReply,
  type JdkMigrationTarget,
  type JdkMixDimension,
  type JdkMixReply,
  type JdkSummaryReply,
  type JdkTopUpdatesReply,
  type JdkTrendDimension,
  type JdkTrendsReply,
  type JdkHost as JdkHostReply,
  type JdkInstallation as JdkInstallationReply,
  type JdkRunningJvm as JdkRunningJvmReply,
} from '@keel/api-contracts';
import { staleDataWarning } from '@keel/jdk-detect';
import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { connectionOfPage } from '../graphql/connection';
import { badInput } from '../graphql/errors';
import type { GatewayContext } from '../graphql/request-loaders';
import { UpstreamClients } from '../upstream/upstream-clients';
import {
  JdkExposure,
  JdkHost,
  JdkHostFilterInput,
  JdkHostConnection,
  JdkInstallation,
  JdkLicenceRiskReport,
  JdkMigrationBacklog,
  JdkMix,
  JdkRunningJvm,
  JdkScopeInput,
  JdkSummary,
  JdkTopUpdate,
  JdkTrends,
} from './jdk.types';

function first(value: number | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > JDK_PAGE_MAX) {
    throw badInput(`"first" must be between 1 and ${JDK_PAGE_MAX}, got ${value}`);
  }
  return value;
}

/** GraphQL input objects carry a class prototype; the RPC wants plain JSON without undefined keys. */
const plain = <T>(value: T | undefined | null): T | undefined =>
  value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as T);

/**
 * The JDK half, from jdk-inventory over RPC: hosts with filters and cursor pages, their
 * installations and JVMs (DataLoader: one RPC per page, whatever its size), and the summaries.
 */
@Resolver(() => JdkHost)
export class JdkHostResolver {
  constructor(private readonly upstreams: UpstreamClients) {}

  @Query(() => JdkHostConnection, {
    nullable: true,
    description: 'Hosts by vendor, version, team, risk (Relay connection)',
  })
  async jdkHosts(
    @Args('filter', { type: () => JdkHostFilterInput, nullable: true }) filter?: JdkHostFilterInput,
    @Args('first', { type: () => Int, nullable: true, description: `Default 50, at most ${JDK_PAGE_MAX}` })
    size?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const page = await this.upstreams.send<JdkHostsReply>('jdk-inventory', JDK_PATTERNS.hosts, {
      filter: plain(filter) as JdkHostFilter | undefined,
      first: first(size),
      after: after ?? undefined,
    });
    return connectionOfPage(page);
  }

  @Query(() => JdkHost, { nullable: true })
  jdkHost(
    @Args('id', { type: () => ID }) id: string,
    @Context() context: GatewayContext,
  ): Promise<JdkHostReply | null> {
    return context.loaders.hostById.load(id);
  }

  @ResolveField(() => [JdkInstallation])
  installations(
    @Parent() host: JdkHostReply,
    @Context() context: GatewayContext,
  ): Promise<JdkInstallationReply[]> {
    return context.loaders.installationsByHostId.load(host.id);
  }

  @ResolveField(() => [JdkRunningJvm])
  jvms(@Parent() host: JdkHostReply, @Context() context: GatewayContext): Promise<JdkRunningJvmReply[]> {
    return context.loaders.jvmsByHostId.load(host.id);
  }
}

@Resolver(() => JdkInstallation)
export class JdkInstallationResolver {
  @ResolveField(() => JdkHost, { nullable: true })
  host(
    @Parent() installation: JdkInstallationReply,
    @Context() context: GatewayContext,
  ): Promise<JdkHostReply | null> {
    return context.loaders.hostById.load(installation.hostId);
  }
}

@Resolver()
export class JdkSummaryResolver {
  constructor(private readonly upstreams: UpstreamClients) {}

  @Query(() => JdkSummary, { nullable: true, description: 'Fleet totals' })
  async jdkSummary(@Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput) {
    const reply = await this.upstreams.send<JdkSummaryReply>('jdk-inventory', JDK_PATTERNS.summary, {
      scope: plain(scope),
    });
    if (!reply) return reply;
    const stale = staleDataWarning(reply.knowledgeAsOf, new Date());
    return { ...reply, dataAsOf: reply.knowledgeAsOf, dataWarnings: stale ? [stale] : [] };
  }

  @Query(() => JdkMix, {
    nullable: true,
    description: 'Installations grouped by vendor, feature, version, team',
  })
  jdkMix(
    @Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput,
    @Args('groupBy', { type: () => [String], nullable: true, description: 'vendor, feature, version, team' })
    groupBy?: string[],
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
  ) {
    return this.upstreams.send<JdkMixReply>('jdk-inventory', JDK_PATTERNS.mix, {
      scope: plain(scope),
      groupBy: (groupBy ?? undefined) as JdkMixDimension[] | undefined,
      limit: limit ?? undefined,
    });
  }

  @Query(() => [JdkTopUpdate], { nullable: true, description: 'The most used update per train' })
  async jdkTopUpdates(
    @Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput,
    @Args('features', { type: () => [Int], nullable: true }) features?: number[],
  ) {
    const reply = await this.upstreams.send<JdkTopUpdatesReply>('jdk-inventory', JDK_PATTERNS.topUpdates, {
      scope: plain(scope),
      features: features ?? undefined,
    });
    return reply.rows;
  }

  @Query(() => JdkLicenceRiskReport, {
    nullable: true,
    description: 'Licence risk totals and the risky installations',
  })
  async jdkLicenceRisk(
    @Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput,
    @Args('risks', {
      type: () => [String],
      nullable: true,
      description: 'Default [paid-licence-required, needs-review]',
    })
    risks?: string[],
    @Args('first', { type: () => Int, nullable: true }) size?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    const reply = await this.upstreams.send<JdkLicenceRiskReply>('jdk-inventory', JDK_PATTERNS.licenceRisk, {
      scope: plain(scope),
      risks: (risks ?? undefined) as JdkLicenceRisk[] | undefined,
      first: first(size),
      after: after ?? undefined,
    });
    return { ...reply, installations: connectionOfPage(reply.installations) };
  }

  @Query(() => JdkExposure, { nullable: true, description: 'End-of-life and behind-baseline exposure' })
  jdkExposure(@Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput) {
    return this.upstreams.send<JdkExposureReply>('jdk-inventory', JDK_PATTERNS.exposure, {
      scope: plain(scope),
    });
  }

  @Query(() => JdkMigrationBacklog, {
    nullable: true,
    description: 'Hosts blocked from a target release, and why',
  })
  async jdkMigrationBacklog(
    @Args('target', { type: () => Int, description: JDK_MIGRATION_TARGETS.join(', ') }) target: number,
    @Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput,
    @Args('first', { type: () => Int, nullable: true }) size?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
  ) {
    if (!JDK_MIGRATION_TARGETS.includes(target as JdkMigrationTarget)) {
      throw badInput(`"target" must be one of ${JDK_MIGRATION_TARGETS.join(', ')}, got ${target}`);
    }
    const reply = await this.upstreams.send<JdkMigrationBacklogReply>(
      'jdk-inventory',
      JDK_PATTERNS.migrationBacklog,
      {
        target: target as JdkMigrationTarget,
        scope: plain(scope),
        first: first(size),
        after: after ?? undefined,
      },
    );
    return { ...reply, hosts: connectionOfPage(reply.hosts) };
  }

  @Query(() => JdkTrends, { nullable: true, description: 'Weekly host and installation counts' })
  jdkTrends(
    @Args('scope', { type: () => JdkScopeInput, nullable: true }) scope?: JdkScopeInput,
    @Args('weeks', { type: () => Int, nullable: true, description: 'Default 12, at most 104' })
    weeks?: number,
    @Args('groupBy', { type: () => String, nullable: true, description: 'vendor or feature (default)' })
    groupBy?: string,
  ) {
    return this.upstreams.send<JdkTrendsReply>('jdk-inventory', JDK_PATTERNS.trends, {
      scope: plain(scope),
      weeks: weeks ?? undefined,
      groupBy: (groupBy ?? undefined) as JdkTrendDimension | undefined,
    });
  }
}
