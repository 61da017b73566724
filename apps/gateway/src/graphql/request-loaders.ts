import {
  JDK_PATTERNS,
  JMH_RUNNER_PATTERNS,
  type JdkHost,
  type JdkHostsByIdsReply,
  type JdkInstallation,
  type JdkInstallationsByHostIdsReply,
  type JdkJvmsByHostIdsReply,
  type JdkRunningJvm,
  type JmhBuild,
  type JmhRun,
} from '@keel/api-contracts';
import DataLoader from 'dataloader';
import type { Principal } from '../auth/api-token';
import type { IndexingHistory } from '../indexing/indexing-history';
import type { JobRestart } from '../indexing/indexing.types';
import type { UpstreamClients } from '../upstream/upstream-clients';

/** Restarts kept per job by the batched read; `restarts(first:)` takes at most this many. */
export const MAX_RESTARTS_PER_JOB = 50;

/**
 * One set of DataLoaders per GraphQL request: every list-to-item edge (host → installations, run →
 * build, job → restarts...) is gathered over the request's tick and asked for in one batched RPC or
 * one SQL statement behind it, so a page of N parents costs one call, not N.
 */
export class RequestLoaders {
  constructor(
    private readonly history: IndexingHistory,
    private readonly upstreams: UpstreamClients,
  ) {}

  readonly restartsByJob = new DataLoader<string, JobRestart[]>(
    async (jobs) => {
      const byJob = await this.history.restartsOfJobs(jobs, MAX_RESTARTS_PER_JOB);
      return jobs.map((job) => byJob.get(job) ?? []);
    },
    // the supervisor takes at most 100 jobs a call
    { maxBatchSize: 100 },
  );

  readonly installationsByHostId = new DataLoader<string, JdkInstallation[]>(async (hostIds) => {
    const reply = await this.upstreams.send<JdkInstallationsByHostIdsReply>(
      'jdk-inventory',
      JDK_PATTERNS.installationsByHostIds,
      { hostIds: [...hostIds] },
    );
    return hostIds.map((id) => reply.installationsByHostId[id] ?? []);
  });

  readonly jvmsByHostId = new DataLoader<string, JdkRunningJvm[]>(async (hostIds) => {
    const reply = await this.upstreams.send<JdkJvmsByHostIdsReply>(
      'jdk-inventory',
      JDK_PATTERNS.jvmsByHostIds,
      {
        hostIds: [...hostIds],
      },
    );
    return hostIds.map((id) => reply.jvmsByHostId[id] ?? []);
  });

  readonly hostById = new DataLoader<string, JdkHost | null>(async (hostIds) => {
    const reply = await this.upstreams.send<JdkHostsByIdsReply>('jdk-inventory', JDK_PATTERNS.hostsByIds, {
      hostIds: [...hostIds],
    });
    return hostIds.map((id) => reply.hostsById[id] ?? null);
  });

  readonly buildById = new DataLoader<string, JmhBuild | null>(async (ids) =>
    this.upstreams.send<(JmhBuild | null)[]>('jmh-runner', JMH_RUNNER_PATTERNS.buildsByIds, {
      ids: [...ids],
    }),
  );

  readonly runById = new DataLoader<string, JmhRun | null>(async (ids) =>
    this.upstreams.send<(JmhRun | null)[]>('jmh-runner', JMH_RUNNER_PATTERNS.runsByIds, { ids: [...ids] }),
  );
}

/** What every resolver finds in the GraphQL context. */
export interface GatewayContext {
  principal?: Principal;
  loaders: RequestLoaders;
}
