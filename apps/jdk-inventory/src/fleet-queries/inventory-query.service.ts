import type {
  JdkExposureReply,
  JdkHostsByIdsReply,
  JdkHostsReply,
  JdkInstallationsByHostIdsReply,
  JdkJvmsByHostIdsReply,
  JdkLicenceRiskReply,
  JdkMigrationBacklogReply,
  JdkMixReply,
  JdkSummaryReply,
  JdkSummaryScope,
  JdkTopUpdatesReply,
  JdkTrendsReply,
} from '@keel/api-contracts';
import type { DataSource } from 'typeorm';
import type {
  HostsQuery,
  LicenceRiskQuery,
  MigrationBacklogQuery,
  MixQuery,
  TopUpdatesQuery,
  TrendsQuery,
} from './inventory-requests';
import type { InventoryRollupService } from '../maintenance/inventory-rollup.service';
import { hostsByIdsQuery, installationsByHostIdsQuery, jvmsByHostIdsQuery } from './by-host-ids.query';
import { exposureQuery } from './exposure.query';
import { hostsQuery } from './hosts.query';
import { InventoryReads } from './inventory-reads';
import { licenceRiskQuery } from './licence-risk.query';
import { migrationBacklogQuery } from './migration-backlog.query';
import { mixQuery } from './mix.query';
import { summaryQuery } from './summary.query';
import { topUpdatesQuery } from './top-updates.query';
import { trendsQuery } from './trends.query';

/**
 * The analyses the RPC controller and the CLI ask, one file per question under `queries/` (live rows
 * only, stale hosts excluded; summaries from the roll-ups). Nothing here writes.
 */
export class InventoryQueryService {
  private readonly db: InventoryReads;

  constructor(dataSource: DataSource, knowledgeAsOf: () => string, rollups: InventoryRollupService) {
    this.db = new InventoryReads(dataSource, knowledgeAsOf, rollups);
  }

  hosts(q: HostsQuery): Promise<JdkHostsReply> {
    return hostsQuery(this.db, q);
  }

  hostsByIds(hostIds: readonly string[]): Promise<JdkHostsByIdsReply> {
    return hostsByIdsQuery(this.db, hostIds);
  }

  installationsByHostIds(hostIds: readonly string[]): Promise<JdkInstallationsByHostIdsReply> {
    return installationsByHostIdsQuery(this.db, hostIds);
  }

  jvmsByHostIds(hostIds: readonly string[]): Promise<JdkJvmsByHostIdsReply> {
    return jvmsByHostIdsQuery(this.db, hostIds);
  }

  summary(scope?: JdkSummaryScope): Promise<JdkSummaryReply> {
    return summaryQuery(this.db, scope);
  }

  mix(q: MixQuery): Promise<JdkMixReply> {
    return mixQuery(this.db, q);
  }

  topUpdates(q: TopUpdatesQuery): Promise<JdkTopUpdatesReply> {
    return topUpdatesQuery(this.db, q);
  }

  licenceRisk(q: LicenceRiskQuery): Promise<JdkLicenceRiskReply> {
    return licenceRiskQuery(this.db, q);
  }

  exposure(scope?: JdkSummaryScope): Promise<JdkExposureReply> {
    return exposureQuery(this.db, scope);
  }

  migrationBacklog(q: MigrationBacklogQuery): Promise<JdkMigrationBacklogReply> {
    return migrationBacklogQuery(this.db, q);
  }

  trends(q: TrendsQuery, now: Date = new Date()): Promise<JdkTrendsReply> {
    return trendsQuery(this.db, q, now);
  }
}
