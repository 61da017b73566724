import type { JdkExposureReply, JdkSummaryScope } from '@keel/api-contracts';
import { scopeConditions, SqlParams } from './inventory-sql';
import type { InventoryReads } from './inventory-reads';
import { day, num } from './inventory-rows';

interface EolRaw {
  distribution: string | null;
  feature: number;
  eol_date: Date | string | null;
  installations: number;
  hosts: number;
}
interface BaselineRaw {
  feature: number;
  installations: number;
  hosts: number;
  max_behind: number | null;
  avg_behind: number | null;
}
interface TotalsRaw {
  n: number;
  eol: number;
  eol_hosts: number;
  baseline: number;
  baseline_hosts: number;
}

/** End-of-life installations per distribution and train; behind-the-security-baseline per train. */
export async function exposureQuery(db: InventoryReads, scope?: JdkSummaryScope): Promise<JdkExposureReply> {
  const ep = new SqlParams();
  const bp = new SqlParams();
  const tp = new SqlParams();
  const [eol, baseline, [totals]] = await ((await db.fromRollups(scope))
    ? Promise.all([
        db.rows<EolRaw>(
          `SELECT distribution, feature, max(eol_date) AS eol_date, sum(installations)::int AS installations,
                  sum(hosts)::int AS hosts
           FROM jdk_rollup_eol ${db.teamCondition(scope, ep)} GROUP BY 1, 2 ORDER BY installations DESC, 1, 2`,
          ep,
        ),
        db.rows<BaselineRaw>(
          `SELECT feature, sum(installations)::int AS installations, sum(hosts)::int AS hosts,
                  max(max_behind) AS max_behind, (sum(sum_behind)::float8 / nullif(sum(n_behind), 0)) AS avg_behind
           FROM jdk_rollup_baseline ${db.teamCondition(scope, bp)} GROUP BY 1 ORDER BY 1`,
          bp,
        ),
        db.rows<TotalsRaw>(
          `SELECT coalesce(sum(installations), 0)::int AS n, coalesce(sum(eol_installations), 0)::int AS eol,
                  coalesce(sum(eol_hosts), 0)::int AS eol_hosts, coalesce(sum(baseline_installations), 0)::int AS baseline,
                  coalesce(sum(baseline_hosts), 0)::int AS baseline_hosts
           FROM jdk_rollup_team ${db.teamCondition(scope, tp)}`,
          tp,
        ),
      ])
    : Promise.all([
        db.rows<EolRaw>(
          `SELECT i.distribution, i.feature, max(i.eol_date) AS eol_date, count(*)::int AS installations,
                  count(DISTINCT i.host_id)::int AS hosts
           FROM jdk_installations i WHERE ${[...scopeConditions(scope, 'i', ep), 'i.end_of_life'].join(' AND ')}
           GROUP BY 1, 2 ORDER BY installations DESC, 1, 2`,
          ep,
        ),
        db.rows<BaselineRaw>(
          `SELECT i.feature, count(*)::int AS installations, count(DISTINCT i.host_id)::int AS hosts,
                  max(i.updates_behind) AS max_behind, avg(i.updates_behind)::float8 AS avg_behind
           FROM jdk_installations i WHERE ${[...scopeConditions(scope, 'i', bp), 'i.below_baseline'].join(' AND ')}
           GROUP BY 1 ORDER BY 1`,
          bp,
        ),
        db.rows<TotalsRaw>(
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
      distribution: r.distribution ?? null,
      feature: Number(r.feature),
      eolDate: day(r.eol_date),
      installations: Number(r.installations),
      hosts: Number(r.hosts),
    })),
    behindBaseline: baseline.map((r) => ({
      feature: Number(r.feature),
      installations: Number(r.installations),
      hosts: Number(r.hosts),
      maxUpdatesBehind: num(r.max_behind),
      avgUpdatesBehind: num(r.avg_behind),
    })),
    totals: {
      installations: Number(totals?.n ?? 0),
      endOfLifeInstallations: Number(totals?.eol ?? 0),
      endOfLifeHosts: Number(totals?.eol_hosts ?? 0),
      behindBaselineInstallations: Number(totals?.baseline ?? 0),
      behindBaselineHosts: Number(totals?.baseline_hosts ?? 0),
    },
  };
}
