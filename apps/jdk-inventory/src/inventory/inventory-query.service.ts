import type {
  JdkExposureReply,
  JdkHost,
  JdkHostsByIdsReply,
  JdkHostsReply,
  JdkInstallation,
  JdkInstallationsByHostIdsReply,
  JdkJvmsByHostIdsReply,
  JdkLicenceRisk,
  JdkLicenceRiskReply,
  JdkLicenceTerms,
  JdkMigrationBacklogReply,
  JdkMigrationBlocker,
  JdkMixDimension,
  JdkMixReply,
  JdkMixRow,
  JdkRunningJvm,
  JdkScanLocation,
  JdkSummaryReply,
  JdkSummaryScope,
  JdkTopUpdatesReply,
  JdkTrendsReply,
} from '@keel/api-contracts';
import { staleDataWarning } from '@keel/jdk-detect';
import type { DataSource } from 'typeorm';
import { decodeCursor, pageOf } from './cursor';
import type {
  HostsQuery,
  LicenceRiskQuery,
  MigrationBacklogQuery,
  MixQuery,
  TopUpdatesQuery,
  TrendsQuery,
} from './inventory-requests';
import { InvalidRequest } from './inventory-requests';
import { hostFilterConditions, mixSql, scopeConditions, SqlParams, where } from './inventory-sql';
import { weekStartOf } from './derive';
import type { InventoryRollupService } from './inventory-rollup.service';

type Row = Record<string, unknown>;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null ? null : String(v));
// node-postgres reads a DATE as local midnight: format it back with local components
const day = (v: unknown) =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`
      : String(v);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The analyses, read from the derived columns: live rows only (stale hosts excluded), plain GROUP BYs
 * on one table each. Lookups by many host IDs are one statement each (the gateway's DataLoader batch).
 */
export class InventoryQueryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly knowledgeAsOf: () => string,
    private readonly rollups: InventoryRollupService,
  ) {}

  /** Summaries read the per-team roll-ups unless scoped by labels (then they GROUP BY the live rows). */
  private async fromRollups(scope: JdkSummaryScope | undefined): Promise<boolean> {
    if (scope?.labels && Object.keys(scope.labels).length > 0) return false;
    await this.rollups.ensureFresh();
    return true;
  }

  private teamCondition(scope: JdkSummaryScope | undefined, p: SqlParams, conditions: string[] = []): string {
    if (scope?.team !== undefined) conditions.push(`team = ${p.add(scope.team)}`);
    return where(conditions);
  }

  private query(sql: string, p?: SqlParams): Promise<Row[]> {
    return this.dataSource.query(sql, p?.values) as Promise<Row[]>;
  }

  async hosts(q: HostsQuery): Promise<JdkHostsReply> {
    const p = new SqlParams();
    const conditions = hostFilterConditions(q.filter, p);
    const count = await this.query(`SELECT count(*)::int AS n FROM jdk_hosts h ${where(conditions)}`, p);
    const afterId = decodeCursor(q.after);
    if (afterId !== null) conditions.push(`h.id > ${p.add(afterId)}::bigint`);
    const rows = await this.query(
      `SELECT h.* FROM jdk_hosts h ${where(conditions)} ORDER BY h.id LIMIT ${p.add(q.first + 1)}`,
      p,
    );
    return pageOf(rows, q.first, (r) => String(r['id']), toHost, Number(count[0]?.['n'] ?? 0));
  }

  async hostsByIds(hostIds: readonly string[]): Promise<JdkHostsByIdsReply> {
    const rows = hostIds.length
      ? await this.query('SELECT * FROM jdk_hosts WHERE id = ANY($1::bigint[])', params([...hostIds]))
      : [];
    const byId = new Map(rows.map((r) => [String(r['id']), toHost(r)]));
    return { hostsById: Object.fromEntries(hostIds.map((id) => [id, byId.get(id) ?? null])) };
  }

  async installationsByHostIds(hostIds: readonly string[]): Promise<JdkInstallationsByHostIdsReply> {
    const rows = hostIds.length
      ? await this.query(
          'SELECT * FROM jdk_installations WHERE host_id = ANY($1::bigint[]) ORDER BY host_id, path, id',
          params([...hostIds]),
        )
      : [];
    const out: Record<string, JdkInstallation[]> = Object.fromEntries(hostIds.map((id) => [id, []]));
    for (const r of rows) out[String(r['host_id'])]?.push(toInstallation(r, this.knowledgeAsOf()));
    return { installationsByHostId: out };
  }

  async jvmsByHostIds(hostIds: readonly string[]): Promise<JdkJvmsByHostIdsReply> {
    const rows = hostIds.length
      ? await this.query(
          'SELECT * FROM jdk_jvms WHERE host_id = ANY($1::bigint[]) ORDER BY host_id, pid, id',
          params([...hostIds]),
        )
      : [];
    const out: Record<string, JdkRunningJvm[]> = Object.fromEntries(hostIds.map((id) => [id, []]));
    for (const r of rows) out[String(r['host_id'])]?.push(toJvm(r));
    return { jvmsByHostId: out };
  }

  async summary(scope?: JdkSummaryScope): Promise<JdkSummaryReply> {
    if (await this.fromRollups(scope)) {
      const p = new SqlParams();
      const [[t], [last]] = await Promise.all([
        this.query(
          `SELECT coalesce(sum(hosts), 0)::int AS hosts, coalesce(sum(stale_hosts), 0)::int AS stale,
                  coalesce(sum(installations), 0)::int AS n, coalesce(sum(jvms), 0)::int AS jvms,
                  coalesce(sum(licence_installations), 0)::int AS licence, coalesce(sum(eol_installations), 0)::int AS eol,
                  coalesce(sum(baseline_installations), 0)::int AS baseline
           FROM jdk_rollup_team ${this.teamCondition(scope, p)}`,
          p,
        ),
        this.query('SELECT max(received_at) AS at FROM jdk_reports'),
      ]);
      return {
        hosts: Number(t?.['hosts'] ?? 0),
        staleHosts: Number(t?.['stale'] ?? 0),
        installations: Number(t?.['n'] ?? 0),
        runningJvms: Number(t?.['jvms'] ?? 0),
        licenceRiskInstallations: Number(t?.['licence'] ?? 0),
        endOfLifeInstallations: Number(t?.['eol'] ?? 0),
        behindBaselineInstallations: Number(t?.['baseline'] ?? 0),
        lastReportAt: last?.['at'] ? iso(last['at']) : null,
        knowledgeAsOf: this.knowledgeAsOf(),
      };
    }
    const hp = new SqlParams();
    const hostScope: string[] = [];
    if (scope?.team !== undefined) hostScope.push(`team = ${hp.add(scope.team)}`);
    if (scope?.labels) hostScope.push(`labels @> ${hp.add(JSON.stringify(scope.labels))}::jsonb`);
    const ip = new SqlParams();
    const [[hosts], [inst], [jvms], [last]] = await Promise.all([
      this.query(
        `SELECT count(*) FILTER (WHERE NOT stale)::int AS hosts, count(*) FILTER (WHERE stale)::int AS stale FROM jdk_hosts ${where(hostScope)}`,
        hp,
      ),
      this.query(
        `SELECT count(*)::int AS n,
           count(*) FILTER (WHERE i.licence_risk = 'paid-licence-required')::int AS licence,
           count(*) FILTER (WHERE i.end_of_life)::int AS eol,
           count(*) FILTER (WHERE i.below_baseline)::int AS baseline
         FROM jdk_installations i WHERE ${scopeConditions(scope, 'i', ip).join(' AND ')}`,
        ip,
      ),
      (() => {
        const jp = new SqlParams();
        return this.query(
          `SELECT count(*)::int AS n FROM jdk_jvms i WHERE ${scopeConditions(scope, 'i', jp).join(' AND ')}`,
          jp,
        );
      })(),
      this.query('SELECT max(received_at) AS at FROM jdk_reports'),
    ]);
    return {
      hosts: Number(hosts?.['hosts'] ?? 0),
      staleHosts: Number(hosts?.['stale'] ?? 0),
      installations: Number(inst?.['n'] ?? 0),
      runningJvms: Number(jvms?.['n'] ?? 0),
      licenceRiskInstallations: Number(inst?.['licence'] ?? 0),
      endOfLifeInstallations: Number(inst?.['eol'] ?? 0),
      behindBaselineInstallations: Number(inst?.['baseline'] ?? 0),
      lastReportAt: last?.['at'] ? iso(last['at']) : null,
      knowledgeAsOf: this.knowledgeAsOf(),
    };
  }

  async mix(q: MixQuery): Promise<JdkMixReply> {
    let rows: Row[];
    let total: Row | undefined;
    if (await this.fromRollups(q.scope)) {
      const p = new SqlParams();
      rows = await this.query(mixRollupSql(q.groupBy, q.scope, q.limit, p), p);
      const tp = new SqlParams();
      [total] = await this.query(
        `SELECT coalesce(sum(installations), 0)::int AS n FROM jdk_rollup_mix ${this.teamCondition(
          q.scope,
          tp,
          [`grouping = ${tp.add(7)}`],
        )}`,
        tp,
      );
    } else {
      const p = new SqlParams();
      rows = await this.query(mixSql(q.groupBy, q.scope, q.limit, p), p);
      const tp = new SqlParams();
      [total] = await this.query(
        `SELECT count(*)::int AS n FROM jdk_installations i WHERE ${scopeConditions(q.scope, 'i', tp).join(' AND ')}`,
        tp,
      );
    }
    return {
      groupBy: q.groupBy,
      rows: rows.map((r) => {
        const row: JdkMixRow = { installations: Number(r['installations']), hosts: Number(r['hosts']) };
        for (const d of q.groupBy) {
          const v = r[d];
          (row as unknown as Record<string, unknown>)[d] =
            v === null || v === undefined || (d === 'team' && v === '')
              ? null
              : d === 'feature'
                ? Number(v)
                : String(v);
        }
        return row;
      }),
      totalInstallations: Number(total?.['n'] ?? 0),
    };
  }

  async topUpdates(q: TopUpdatesQuery): Promise<JdkTopUpdatesReply> {
    const p = new SqlParams();
    if (await this.fromRollups(q.scope)) {
      // grouping 4: per team, feature and version (vendor aggregated)
      const conditions = [`grouping = ${p.add(4)}`, 'feature IS NOT NULL', 'version IS NOT NULL'];
      if (q.features?.length) conditions.push(`feature = ANY(${p.add(q.features)}::int[])`);
      const rows = await this.query(
        `WITH per_version AS (
           SELECT feature, version AS version_full, sum(installations)::int AS installations, sum(hosts)::int AS hosts
           FROM jdk_rollup_mix ${this.teamCondition(q.scope, p, conditions)} GROUP BY 1, 2
         ), ranked AS (
           SELECT *, sum(installations) OVER (PARTITION BY feature)::int AS train_installations,
                  row_number() OVER (PARTITION BY feature ORDER BY installations DESC, version_full DESC) AS rank
           FROM per_version
         )
         SELECT * FROM ranked WHERE rank = 1 ORDER BY feature`,
        p,
      );
      return {
        rows: rows.map((r) => topUpdateRow({ ...r, update_number: updateOf(String(r['version_full'])) })),
      };
    }
    const conditions = [
      ...scopeConditions(q.scope, 'i', p),
      'i.feature IS NOT NULL',
      'i.version_full IS NOT NULL',
    ];
    if (q.features?.length) conditions.push(`i.feature = ANY(${p.add(q.features)}::int[])`);
    const rows = await this.query(
      `WITH per_version AS (
         SELECT i.feature, i.version_full, max(i.update_number) AS update_number, count(*)::int AS installations,
                count(DISTINCT i.host_id)::int AS hosts
         FROM jdk_installations i WHERE ${conditions.join(' AND ')}
         GROUP BY i.feature, i.version_full
       ), ranked AS (
         SELECT *, sum(installations) OVER (PARTITION BY feature)::int AS train_installations,
                row_number() OVER (PARTITION BY feature ORDER BY installations DESC, update_number DESC, version_full DESC) AS rank
         FROM per_version
       )
       SELECT * FROM ranked WHERE rank = 1 ORDER BY feature`,
      p,
    );
    return { rows: rows.map(topUpdateRow) };
  }

  async licenceRisk(q: LicenceRiskQuery): Promise<JdkLicenceRiskReply> {
    const tp = new SqlParams();
    const totals = (await this.fromRollups(q.scope))
      ? await this.query(
          `SELECT licence_risk, licence_terms, distribution, sum(installations)::int AS installations,
                  sum(hosts)::int AS hosts
           FROM jdk_rollup_licence ${this.teamCondition(q.scope, tp)}
           GROUP BY 1, 2, 3 ORDER BY installations DESC, 1, 2, 3`,
          tp,
        )
      : await this.query(
          `SELECT i.licence_risk, i.licence_terms, i.distribution, count(*)::int AS installations,
              count(DISTINCT i.host_id)::int AS hosts
       FROM jdk_installations i WHERE ${scopeConditions(q.scope, 'i', tp).join(' AND ')}
       GROUP BY 1, 2, 3 ORDER BY installations DESC, 1, 2, 3`,
          tp,
        );
    const p = new SqlParams();
    const conditions = [
      ...scopeConditions(q.scope, 'i', p),
      `i.licence_risk = ANY(${p.add(q.risks)}::text[])`,
    ];
    // spelled out so the planner can use the partial index of risky live rows (it cannot see into $n)
    if (!q.risks.includes('free')) conditions.push("i.licence_risk <> 'free'");
    const [count] = await this.query(
      `SELECT count(*)::int AS n FROM jdk_installations i WHERE ${conditions.join(' AND ')}`,
      p,
    );
    const afterId = decodeCursor(q.after);
    if (afterId !== null) conditions.push(`i.id > ${p.add(afterId)}::bigint`);
    const rows = await this.query(
      `SELECT i.id, i.host_id, h.hostname, i.team, i.path, i.distribution, i.version_full, i.licence_risk,
              i.licence_terms, i.licence_reason
       FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id
       WHERE ${conditions.join(' AND ')} ORDER BY i.id LIMIT ${p.add(q.first + 1)}`,
      p,
    );
    return {
      totals: totals.map((r) => ({
        risk: r['licence_risk'] as JdkLicenceRisk,
        terms: (r['licence_terms'] ?? null) as JdkLicenceTerms | null,
        distribution: (r['distribution'] ?? null) as string | null,
        installations: Number(r['installations']),
        hosts: Number(r['hosts']),
      })),
      installations: pageOf(
        rows,
        q.first,
        (r) => String(r['id']),
        (r) => ({
          installationId: String(r['id']),
          hostId: String(r['host_id']),
          hostname: String(r['hostname']),
          team: (r['team'] ?? null) as string | null,
          path: String(r['path']),
          distribution: (r['distribution'] ?? null) as string | null,
          version: (r['version_full'] ?? null) as string | null,
          risk: r['licence_risk'] as JdkLicenceRisk,
          terms: (r['licence_terms'] ?? null) as JdkLicenceTerms | null,
          reason: String(r['licence_reason']),
        }),
        Number(count?.['n'] ?? 0),
      ),
    };
  }

  async exposure(scope?: JdkSummaryScope): Promise<JdkExposureReply> {
    const ep = new SqlParams();
    const bp = new SqlParams();
    const tp = new SqlParams();
    const [eol, baseline, [totals]] = await ((await this.fromRollups(scope))
      ? Promise.all([
          this.query(
            `SELECT distribution, feature, max(eol_date) AS eol_date, sum(installations)::int AS installations,
                    sum(hosts)::int AS hosts
             FROM jdk_rollup_eol ${this.teamCondition(scope, ep)} GROUP BY 1, 2 ORDER BY installations DESC, 1, 2`,
            ep,
          ),
          this.query(
            `SELECT feature, sum(installations)::int AS installations, sum(hosts)::int AS hosts,
                    max(max_behind) AS max_behind, (sum(sum_behind)::float8 / nullif(sum(n_behind), 0)) AS avg_behind
             FROM jdk_rollup_baseline ${this.teamCondition(scope, bp)} GROUP BY 1 ORDER BY 1`,
            bp,
          ),
          this.query(
            `SELECT coalesce(sum(installations), 0)::int AS n, coalesce(sum(eol_installations), 0)::int AS eol,
                    coalesce(sum(eol_hosts), 0)::int AS eol_hosts, coalesce(sum(baseline_installations), 0)::int AS baseline,
                    coalesce(sum(baseline_hosts), 0)::int AS baseline_hosts
             FROM jdk_rollup_team ${this.teamCondition(scope, tp)}`,
            tp,
          ),
        ])
      : Promise.all([
          this.query(
            `SELECT i.distribution, i.feature, max(i.eol_date) AS eol_date, count(*)::int AS installations,
                count(DISTINCT i.host_id)::int AS hosts
         FROM jdk_installations i WHERE ${[...scopeConditions(scope, 'i', ep), 'i.end_of_life'].join(' AND ')}
         GROUP BY 1, 2 ORDER BY installations DESC, 1, 2`,
            ep,
          ),
          this.query(
            `SELECT i.feature, count(*)::int AS installations, count(DISTINCT i.host_id)::int AS hosts,
                max(i.updates_behind) AS max_behind, avg(i.updates_behind)::float8 AS avg_behind
         FROM jdk_installations i WHERE ${[...scopeConditions(scope, 'i', bp), 'i.below_baseline'].join(' AND ')}
         GROUP BY 1 ORDER BY 1`,
            bp,
          ),
          this.query(
            `SELECT count(*)::int AS n,
                count(*) FILTER (WHERE i.end_of_life)::int AS eol,
                count(DISTINCT i.host_id) FILTER (WHERE i.end_of_life)::int AS eol_hosts,
                count(*) FILTER (WHERE i.below_baseline)::int AS baseline,
                count(DISTINCT i.host_id) FILTER (WHERE i.below_baseline)::int AS baseline_hosts
         FROM jdk_installations i WHERE ${scopeConditions(scope, 'i', tp).join(' AND ')}`,
            tp,
          ),
        ]));
    return {
      endOfLife: eol.map((r) => ({
        distribution: (r['distribution'] ?? null) as string | null,
        feature: Number(r['feature']),
        eolDate: day(r['eol_date']),
        installations: Number(r['installations']),
        hosts: Number(r['hosts']),
      })),
      behindBaseline: baseline.map((r) => ({
        feature: Number(r['feature']),
        installations: Number(r['installations']),
        hosts: Number(r['hosts']),
        maxUpdatesBehind: num(r['max_behind']),
        avgUpdatesBehind: num(r['avg_behind']),
      })),
      totals: {
        installations: Number(totals?.['n'] ?? 0),
        endOfLifeInstallations: Number(totals?.['eol'] ?? 0),
        endOfLifeHosts: Number(totals?.['eol_hosts'] ?? 0),
        behindBaselineInstallations: Number(totals?.['baseline'] ?? 0),
        behindBaselineHosts: Number(totals?.['baseline_hosts'] ?? 0),
      },
    };
  }

  async migrationBacklog(q: MigrationBacklogQuery): Promise<JdkMigrationBacklogReply> {
    const p = new SqlParams();
    const conditions = [
      ...scopeConditions(q.scope, 'b', p),
      `b.target = ${p.add(q.target)}`,
      `b.effect = ANY(${p.add(q.effects)}::text[])`,
    ];
    const [byRule, [count]] = await Promise.all([
      this.query(
        `SELECT b.rule_id, b.effect, count(DISTINCT b.host_id)::int AS hosts FROM jdk_blockers b
         WHERE ${conditions.join(' AND ')} GROUP BY 1, 2 ORDER BY hosts DESC, 1`,
        p,
      ),
      this.query(
        `SELECT count(DISTINCT b.host_id)::int AS n FROM jdk_blockers b WHERE ${conditions.join(' AND ')}`,
        p,
      ),
    ]);
    const pp = new SqlParams();
    const pageConditions = [
      ...scopeConditions(q.scope, 'b', pp),
      `b.target = ${pp.add(q.target)}`,
      `b.effect = ANY(${pp.add(q.effects)}::text[])`,
    ];
    const afterId = decodeCursor(q.after);
    if (afterId !== null) pageConditions.push(`b.host_id > ${pp.add(afterId)}::bigint`);
    const hostRows = await this.query(
      `SELECT DISTINCT b.host_id FROM jdk_blockers b WHERE ${pageConditions.join(' AND ')}
       ORDER BY b.host_id LIMIT ${pp.add(q.first + 1)}`,
      pp,
    );
    const pageIds = hostRows.slice(0, q.first).map((r) => String(r['host_id']));
    const reasons = pageIds.length
      ? await this.query(
          `SELECT b.*, h.hostname FROM jdk_blockers b JOIN jdk_hosts h ON h.id = b.host_id
           WHERE b.host_id = ANY($1::bigint[]) AND b.target = $2 AND b.effect = ANY($3::text[])
           ORDER BY b.host_id, b.since, b.rule_id, b.pid`,
          params(pageIds, q.target, q.effects),
        )
      : [];
    const byHost = new Map<string, Row[]>();
    for (const r of reasons) {
      const id = String(r['host_id']);
      byHost.set(id, [...(byHost.get(id) ?? []), r]);
    }
    return {
      target: q.target,
      blockedHosts: Number(count?.['n'] ?? 0),
      byRule: byRule.map((r) => ({
        ruleId: String(r['rule_id']),
        effect: r['effect'] as JdkMigrationBlocker['effect'],
        hosts: Number(r['hosts']),
      })),
      hosts: pageOf(
        hostRows,
        q.first,
        (r) => String(r['host_id']),
        (r) => {
          const rows = byHost.get(String(r['host_id'])) ?? [];
          return {
            hostId: String(r['host_id']),
            hostname: String(rows[0]?.['hostname'] ?? ''),
            team: (rows[0]?.['team'] ?? null) as string | null,
            reasons: rows.map((b) => ({
              ruleId: String(b['rule_id']),
              since: Number(b['since']),
              effect: b['effect'] as JdkMigrationBlocker['effect'],
              found: String(b['found']),
              explanation: String(b['explanation']),
              pid: Number(b['pid']),
              mainClass: (b['main_class'] ?? null) as string | null,
            })),
          };
        },
        Number(count?.['n'] ?? 0),
      ),
    };
  }

  /**
   * Weekly trend from the roll-up. Weeks touched by ingest since the last roll-up are rebuilt first
   * (from `jdk_observations`), so the answer always includes every stored report.
   */
  async trends(q: TrendsQuery, now: Date = new Date()): Promise<JdkTrendsReply> {
    if (q.scope?.labels) {
      throw new InvalidRequest([{ field: 'scope.labels', message: 'trends can be scoped by team only' }]);
    }
    await this.refreshTrends();
    const weeks: string[] = [];
    const monday = new Date(`${weekStartOf(now)}T00:00:00Z`);
    for (let n = q.weeks - 1; n >= 0; n--) {
      weeks.push(new Date(monday.getTime() - n * 7 * 86_400_000).toISOString().slice(0, 10));
    }
    const p = new SqlParams();
    const conditions = [`dimension = ${p.add(q.groupBy)}`, `week_start >= ${p.add(weeks[0])}::date`];
    if (q.scope?.team !== undefined) conditions.push(`team = ${p.add(q.scope.team)}`);
    const rows = await this.query(
      `SELECT week_start::text AS week_start, key, sum(hosts)::int AS hosts, sum(installations)::int AS installations
       FROM jdk_trend_weekly WHERE ${conditions.join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 2`,
      p,
    );
    return {
      groupBy: q.groupBy,
      weeks,
      points: rows.map((r) => ({
        weekStart: String(r['week_start']),
        key: String(r['key']),
        hosts: Number(r['hosts']),
        installations: Number(r['installations']),
      })),
    };
  }

  /** Rebuilds the roll-up of the weeks marked dirty by ingest; returns them. */
  async refreshTrends(): Promise<string[]> {
    return this.dataSource.transaction(async (m) => {
      // deleting the marks first: an ingest committing after this re-marks its week for the next refresh
      const [marked] = (await m.query(
        'DELETE FROM jdk_trend_dirty RETURNING week_start::text AS week_start',
      )) as [Row[], number];
      const weeks = (marked ?? []).map((r) => String(r['week_start']));
      if (weeks.length === 0) return weeks;
      await m.query('DELETE FROM jdk_trend_weekly WHERE week_start = ANY($1::date[])', [weeks]);
      for (const dimension of ['vendor', 'feature']) {
        await m.query(
          `INSERT INTO jdk_trend_weekly (week_start, dimension, team, key, hosts, installations)
           SELECT o.week_start, $2, coalesce(o.team, ''), k.key, count(*), sum(k.value::int)
           FROM jdk_observations o, jsonb_each_text(o.mix -> $2) k
           WHERE o.week_start = ANY($1::date[])
           GROUP BY 1, 2, 3, 4`,
          [weeks, dimension],
        );
      }
      return weeks;
    });
  }
}

const MIX_BITS: Record<Exclude<JdkMixDimension, 'team'>, number> = { vendor: 4, feature: 2, version: 1 };
const ROLLUP_COLUMNS: Record<JdkMixDimension, string> = {
  vendor: 'vendor',
  feature: 'feature',
  version: 'version',
  team: 'team',
};

/**
 * The mix from `jdk_rollup_mix`: the grouping set holding exactly the asked dimensions (GROUPING() has a
 * bit set for each dimension aggregated away), summed over teams. Teams partition hosts, so the per-team
 * distinct host counts add up exactly.
 */
export function mixRollupSql(
  groupBy: readonly JdkMixDimension[],
  scope: JdkSummaryScope | undefined,
  limit: number,
  p: SqlParams,
): string {
  const grouping = (['vendor', 'feature', 'version'] as const)
    .filter((d) => !groupBy.includes(d))
    .reduce((bits, d) => bits | MIX_BITS[d], 0);
  const conditions = [`grouping = ${p.add(grouping)}`];
  if (scope?.team !== undefined) conditions.push(`team = ${p.add(scope.team)}`);
  const keys = groupBy.map((_, n) => String(n + 1));
  return (
    `SELECT ${groupBy.map((d) => `${ROLLUP_COLUMNS[d]} AS ${d}`).join(', ')}, sum(installations)::int AS installations, ` +
    `sum(hosts)::int AS hosts FROM jdk_rollup_mix WHERE ${conditions.join(' AND ')} ` +
    `GROUP BY ${keys.join(', ')} ORDER BY installations DESC, ${keys.join(', ')} LIMIT ${p.add(limit)}`
  );
}

const updateOf = (version: string) => Number(version.split('.')[2] ?? 0) || 0;

function topUpdateRow(r: Row) {
  return {
    feature: Number(r['feature']),
    version: String(r['version_full']),
    update: Number(r['update_number'] ?? 0),
    installations: Number(r['installations']),
    hosts: Number(r['hosts']),
    trainInstallations: Number(r['train_installations']),
    share: Number(r['installations']) / Math.max(1, Number(r['train_installations'])),
  };
}

function params(...values: unknown[]): SqlParams {
  const p = new SqlParams();
  for (const v of values) p.add(v);
  return p;
}

function toHost(r: Row): JdkHost {
  return {
    id: String(r['id']),
    hostname: String(r['hostname']),
    machineId: (r['machine_id'] ?? null) as string | null,
    os: String(r['os']),
    osVersion: (r['os_version'] ?? null) as string | null,
    arch: String(r['arch']),
    labels: (r['labels'] ?? {}) as Record<string, string>,
    team: (r['team'] ?? null) as string | null,
    firstSeenAt: String(iso(r['first_seen_at'])),
    lastSeenAt: String(iso(r['last_seen_at'])),
    lastReportId: String(r['last_report_id']),
    agent: { name: String(r['agent_name']), version: String(r['agent_version']) },
    stale: Boolean(r['stale']),
    installationCount: Number(r['installation_count']),
    runningJvmCount: Number(r['jvm_count']),
    licenceRisk: Boolean(r['licence_risk']),
    endOfLife: Boolean(r['end_of_life']),
    behindBaseline: Boolean(r['behind_baseline']),
    blockedTargets: ((r['blocked_targets'] ?? []) as number[]).map(Number),
    problems: (r['problems'] ?? []) as JdkHost['problems'],
  };
}

function toInstallation(r: Row, dataAsOf: string): JdkInstallation {
  const stale = staleDataWarning(dataAsOf, new Date());
  return {
    id: String(r['id']),
    hostId: String(r['host_id']),
    path: String(r['path']),
    location: r['location'] as JdkScanLocation,
    foundBy: (r['found_by'] ?? []) as string[],
    evidence: r['evidence'] as JdkInstallation['evidence'],
    vendor: (r['vendor'] ?? null) as string | null,
    distribution: (r['distribution'] ?? null) as string | null,
    version: (r['version_full'] ?? null) as string | null,
    feature: num(r['feature']),
    update: num(r['update_number']),
    imageType: r['image_type'] as JdkInstallation['imageType'],
    bits: num(r['bits']) as 32 | 64 | null,
    vm: (r['vm'] ?? null) as string | null,
    confidence: r['confidence'] as JdkInstallation['confidence'],
    licence: {
      risk: r['licence_risk'] as JdkLicenceRisk,
      terms: (r['licence_terms'] ?? null) as JdkLicenceTerms | null,
      ruleId: (r['licence_rule'] ?? null) as string | null,
      reason: String(r['licence_reason']),
    },
    support: {
      lts: (r['lts'] ?? null) as boolean | null,
      eolDate: day(r['eol_date']),
      endOfLife: (r['end_of_life'] ?? null) as boolean | null,
      latestKnown: (r['latest_known'] ?? null) as string | null,
      updatesBehind: num(r['updates_behind']),
      belowSecurityBaseline: (r['below_baseline'] ?? null) as boolean | null,
      dataAsOf,
      warnings: stale ? [stale] : [],
    },
    runningJvmCount: Number(r['running_jvms'] ?? 0),
    blockedTargets: ((r['blocked_targets'] ?? []) as number[]).map(Number),
    firstSeenAt: String(iso(r['first_seen_at'])),
    lastSeenAt: String(iso(r['last_seen_at'])),
  };
}

function toJvm(r: Row): JdkRunningJvm {
  return {
    id: String(r['id']),
    hostId: String(r['host_id']),
    pid: Number(r['pid']),
    location: r['location'] as JdkScanLocation,
    executable: String(r['executable']),
    installationPath: (r['installation_path'] ?? null) as string | null,
    feature: num(r['feature']),
    jvmOptions: (r['jvm_options'] ?? []) as string[],
    mainClass: (r['main_class'] ?? null) as string | null,
    user: (r['username'] ?? null) as string | null,
    blockers: (r['blockers'] ?? []) as JdkRunningJvm['blockers'],
  };
}
