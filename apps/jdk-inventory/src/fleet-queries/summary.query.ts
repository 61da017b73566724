import type { JdkSummaryReply, JdkSummaryScope } from '@keel/api-contracts';
import { scopeConditions, SqlParams, where } from './inventory-sql';
import type { InventoryReads } from './inventory-reads';
import { iso } from './inventory-rows';

interface Totals {
  hosts: number;
  stale: number;
  n: number;
  jvms: number;
  licence: number;
  eol: number;
  baseline: number;
}

/** Hosts, stale hosts, installations, JVMs, risk counts, the last report's time and the data's date. */
export async function summaryQuery(db: InventoryReads, scope?: JdkSummaryScope): Promise<JdkSummaryReply> {
  let t: Partial<Totals> | undefined;
  if (await db.fromRollups(scope)) {
    const p = new SqlParams();
    [t] = await db.rows<Totals>(
      `SELECT coalesce(sum(hosts), 0)::int AS hosts, coalesce(sum(stale_hosts), 0)::int AS stale,
              coalesce(sum(installations), 0)::int AS n, coalesce(sum(jvms), 0)::int AS jvms,
              coalesce(sum(licence_installations), 0)::int AS licence, coalesce(sum(eol_installations), 0)::int AS eol,
              coalesce(sum(baseline_installations), 0)::int AS baseline
       FROM jdk_rollup_team ${db.teamCondition(scope, p)}`,
      p,
    );
  } else {
    const hp = new SqlParams();
    const hostScope: string[] = [];
    if (scope?.team !== undefined) hostScope.push(`team = ${hp.add(scope.team)}`);
    if (scope?.labels) hostScope.push(`labels @> ${hp.add(JSON.stringify(scope.labels))}::jsonb`);
    const ip = new SqlParams();
    const jp = new SqlParams();
    const [[hosts], [inst], [jvms]] = await Promise.all([
      db.rows<{ hosts: number; stale: number }>(
        `SELECT count(*) FILTER (WHERE NOT stale)::int AS hosts, count(*) FILTER (WHERE stale)::int AS stale
         FROM jdk_hosts ${where(hostScope)}`,
        hp,
      ),
      db.rows<{ n: number; licence: number; eol: number; baseline: number }>(
        `SELECT count(*)::int AS n,
           count(*) FILTER (WHERE i.licence_risk = 'paid-licence-required')::int AS licence,
           count(*) FILTER (WHERE i.end_of_life)::int AS eol,
           count(*) FILTER (WHERE i.below_baseline)::int AS baseline
         FROM jdk_installations i WHERE ${scopeConditions(scope, 'i', ip).join(' AND ')}`,
        ip,
      ),
      db.rows<{ n: number }>(
        `SELECT count(*)::int AS n FROM jdk_jvms i WHERE ${scopeConditions(scope, 'i', jp).join(' AND ')}`,
        jp,
      ),
    ]);
    t = { ...hosts, ...inst, jvms: jvms?.n };
  }
  const [last] = await db.rows<{ at: Date | null }>('SELECT max(received_at) AS at FROM jdk_reports');
  return {
    hosts: Number(t?.hosts ?? 0),
    staleHosts: Number(t?.stale ?? 0),
    installations: Number(t?.n ?? 0),
    runningJvms: Number(t?.jvms ?? 0),
    licenceRiskInstallations: Number(t?.licence ?? 0),
    endOfLifeInstallations: Number(t?.eol ?? 0),
    behindBaselineInstallations: Number(t?.baseline ?? 0),
    lastReportAt: last?.at ? iso(last.at) : null,
    knowledgeAsOf: db.knowledgeAsOf(),
  };
}
