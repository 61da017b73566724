import type { JdkLicenceRisk, JdkLicenceTerms, JdkSummaryScope } from '@keel/api-contracts';
import type { DataSource } from 'typeorm';
import type { PlanGroupHosts, PlanInstallationRow, PlanJvm } from './upgrade-plan';

type Raw = Record<string, unknown>;

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
    const rows: Raw[] = await this.db.query(
      `SELECT h.team, h.labels->>'environment' AS environment, i.distribution, max(i.vendor) AS vendor,
              i.feature, i.version_full, i.licence_risk, i.licence_terms, i.end_of_life, i.below_baseline,
              count(*)::int AS installations
         FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id
        WHERE ${where}
        GROUP BY 1, 2, 3, 5, 6, 7, 8, 9, 10`,
      params,
    );
    return rows.map((r) => ({
      team: (r['team'] as string | null) ?? null,
      environment: (r['environment'] as string | null) ?? null,
      distribution: (r['distribution'] as string | null) ?? null,
      vendor: (r['vendor'] as string | null) ?? null,
      feature: Number(r['feature']),
      version: (r['version_full'] as string | null) ?? null,
      licenceRisk: r['licence_risk'] as JdkLicenceRisk,
      licenceTerms: (r['licence_terms'] as JdkLicenceTerms | null) ?? null,
      endOfLife: (r['end_of_life'] as boolean | null) ?? null,
      behindBaseline: (r['below_baseline'] as boolean | null) ?? null,
      installations: Number(r['installations']),
    }));
  }

  async groupHosts(scope?: JdkSummaryScope): Promise<PlanGroupHosts[]> {
    const { where, params } = this.scope(scope);
    const rows: Raw[] = await this.db.query(
      `SELECT h.team, h.labels->>'environment' AS environment, i.distribution, i.feature,
              count(DISTINCT h.id)::int AS hosts
         FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id
        WHERE ${where}
        GROUP BY 1, 2, 3, 4`,
      params,
    );
    return rows.map((r) => ({
      team: (r['team'] as string | null) ?? null,
      environment: (r['environment'] as string | null) ?? null,
      distribution: (r['distribution'] as string | null) ?? null,
      feature: Number(r['feature']),
      hosts: Number(r['hosts']),
    }));
  }

  /** Every live JVM with the installation it runs from (its group) and its platform. */
  async jvms(scope?: JdkSummaryScope): Promise<PlanJvm[]> {
    const { where, params } = this.scope(scope);
    const rows: Raw[] = await this.db.query(
      `SELECT h.team, h.labels->>'environment' AS environment, i.distribution, i.feature, h.id AS host_id,
              j.executable, j.jvm_options, j.main_class, h.os, i.bits
         FROM jdk_jvms j
         JOIN jdk_hosts h ON h.id = j.host_id
         JOIN jdk_installations i ON i.host_id = j.host_id AND i.path = j.installation_path
        WHERE ${where} AND NOT j.stale`,
      params,
    );
    return rows.map((r) => ({
      team: (r['team'] as string | null) ?? null,
      environment: (r['environment'] as string | null) ?? null,
      distribution: (r['distribution'] as string | null) ?? null,
      feature: Number(r['feature']),
      hostId: String(r['host_id']),
      executable: String(r['executable']),
      jvmOptions: (r['jvm_options'] as string[]) ?? [],
      mainClass: (r['main_class'] as string | null) ?? null,
      os: (r['os'] as string | null) ?? null,
      bits: r['bits'] === null ? null : (Number(r['bits']) as 32 | 64),
    }));
  }
}
