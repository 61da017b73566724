import type { JdkLicenceRisk, JdkLicenceTerms, JdkSummaryScope } from '@keel/api-contracts';
import type { DataSource } from 'typeorm';
import type { PlanGroupHosts, PlanGroupKey, PlanInstallationRow, PlanJvm } from './upgrade-plan';

/** The group columns every statement here selects first, as node-postgres returns them. */
interface GroupKeyRow {
  team: string | null;
  environment: string | null;
  distribution: string | null;
  feature: number;
}

interface InstallationGroupRow extends GroupKeyRow {
  vendor: string | null;
  version_full: string | null;
  licence_risk: JdkLicenceRisk;
  licence_terms: JdkLicenceTerms | null;
  end_of_life: boolean | null;
  below_baseline: boolean | null;
  /** count(*)::int */
  installations: number;
}

interface GroupHostsRow extends GroupKeyRow {
  /** count(DISTINCT ...)::int */
  hosts: number;
}

interface GroupJvmRow extends GroupKeyRow {
  /** bigint, as text */
  host_id: string;
  executable: string;
  jvm_options: string[] | null;
  main_class: string | null;
  os: string | null;
  bits: number | null;
}

const groupKeyOf = (r: GroupKeyRow): PlanGroupKey => ({
  team: r.team ?? null,
  environment: r.environment ?? null,
  distribution: r.distribution ?? null,
  feature: Number(r.feature),
});

/** The planner's own reads (three statements over live rows), kept apart from the inventory's query files. */
export class UpgradePlanQueries {
  constructor(private readonly db: DataSource) {}

  private scope(scope: JdkSummaryScope | undefined): { where: string; params: unknown[] } {
    const where = ['NOT h.stale', 'NOT i.stale', 'i.feature IS NOT NULL'];
    const params: unknown[] = [];
    if (scope?.team !== undefined) {
      params.push(scope.team);
      where.push(`h.team = $${params.length}`);
    }
    if (scope?.labels && Object.keys(scope.labels).length > 0) {
      params.push(JSON.stringify(scope.labels));
      where.push(`h.labels @> $${params.length}::jsonb`);
    }
    return { where: where.join(' AND '), params };
  }

  async installationRows(scope?: JdkSummaryScope): Promise<PlanInstallationRow[]> {
    const { where, params } = this.scope(scope);
    const rows: InstallationGroupRow[] = await this.db.query(
      `SELECT h.team, h.labels->>'environment' AS environment, i.distribution, max(i.vendor) AS vendor,
              i.feature, i.version_full, i.licence_risk, i.licence_terms, i.end_of_life, i.below_baseline,
              count(*)::int AS installations
         FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id
        WHERE ${where}
        GROUP BY 1, 2, 3, 5, 6, 7, 8, 9, 10`,
      params,
    );
    return rows.map((r) => ({
      ...groupKeyOf(r),
      vendor: r.vendor ?? null,
      version: r.version_full ?? null,
      licenceRisk: r.licence_risk,
      licenceTerms: r.licence_terms ?? null,
      endOfLife: r.end_of_life ?? null,
      behindBaseline: r.below_baseline ?? null,
      installations: Number(r.installations),
    }));
  }

  async groupHosts(scope?: JdkSummaryScope): Promise<PlanGroupHosts[]> {
    const { where, params } = this.scope(scope);
    const rows: GroupHostsRow[] = await this.db.query(
      `SELECT h.team, h.labels->>'environment' AS environment, i.distribution, i.feature,
              count(DISTINCT h.id)::int AS hosts
         FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id
        WHERE ${where}
        GROUP BY 1, 2, 3, 4`,
      params,
    );
    return rows.map((r) => ({ ...groupKeyOf(r), hosts: Number(r.hosts) }));
  }

  /** Every live JVM with the installation it runs from (its group) and its platform. */
  async jvms(scope?: JdkSummaryScope): Promise<PlanJvm[]> {
    const { where, params } = this.scope(scope);
    const rows: GroupJvmRow[] = await this.db.query(
      `SELECT h.team, h.labels->>'environment' AS environment, i.distribution, i.feature, h.id AS host_id,
              j.executable, j.jvm_options, j.main_class, h.os, i.bits
         FROM jdk_jvms j
         JOIN jdk_hosts h ON h.id = j.host_id
         JOIN jdk_installations i ON i.host_id = j.host_id AND i.path = j.installation_path
        WHERE ${where} AND NOT j.stale`,
      params,
    );
    return rows.map((r) => ({
      ...groupKeyOf(r),
      hostId: String(r.host_id),
      executable: String(r.executable),
      jvmOptions: r.jvm_options ?? [],
      mainClass: r.main_class ?? null,
      os: r.os ?? null,
      bits: r.bits === null ? null : (Number(r.bits) as 32 | 64),
    }));
  }
}
