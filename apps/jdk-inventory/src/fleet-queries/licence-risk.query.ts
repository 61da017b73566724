import type { JdkLicenceRisk, JdkLicenceRiskReply, JdkLicenceTerms } from '@keel/api-contracts';
import { decodeCursor, pageOf } from './cursor';
import type { LicenceRiskQuery } from './inventory-requests';
import { scopeConditions, SqlParams } from './inventory-sql';
import type { InventoryReads } from './inventory-reads';

interface TotalRaw {
  licence_risk: JdkLicenceRisk;
  licence_terms: JdkLicenceTerms | null;
  distribution: string | null;
  installations: number;
  hosts: number;
}

interface RiskyRaw {
  id: string;
  host_id: string;
  hostname: string;
  team: string | null;
  path: string;
  distribution: string | null;
  version_full: string | null;
  licence_risk: JdkLicenceRisk;
  licence_terms: JdkLicenceTerms | null;
  licence_reason: string;
}

/** Totals per risk, terms and distribution, and a keyset page of the risky installations. */
export async function licenceRiskQuery(
  db: InventoryReads,
  q: LicenceRiskQuery,
): Promise<JdkLicenceRiskReply> {
  const tp = new SqlParams();
  const fromRollups = await db.fromRollups(q.scope);
  const totals = fromRollups
    ? await db.rows<TotalRaw>(
        `SELECT licence_risk, licence_terms, distribution, sum(installations)::int AS installations,
                sum(hosts)::int AS hosts
         FROM jdk_rollup_licence ${db.teamCondition(q.scope, tp)}
         GROUP BY 1, 2, 3 ORDER BY installations DESC, 1, 2, 3`,
        tp,
      )
    : await db.rows<TotalRaw>(
        `SELECT i.licence_risk, i.licence_terms, i.distribution, count(*)::int AS installations,
                count(DISTINCT i.host_id)::int AS hosts
         FROM jdk_installations i WHERE ${scopeConditions(q.scope, 'i', tp).join(' AND ')}
         GROUP BY 1, 2, 3 ORDER BY installations DESC, 1, 2, 3`,
        tp,
      );
  const p = new SqlParams();
  const conditions = [...scopeConditions(q.scope, 'i', p), `i.licence_risk = ANY(${p.add(q.risks)}::text[])`];
  // spelled out so the planner can use the partial index of risky live rows (it cannot see into $n)
  if (!q.risks.includes('free')) conditions.push("i.licence_risk <> 'free'");
  // the total is the roll-up's (the same snapshot as the totals above), not a count of every risky row
  const total = fromRollups
    ? totals.filter((t) => q.risks.includes(t.licence_risk)).reduce((n, t) => n + Number(t.installations), 0)
    : Number(
        (
          await db.rows<{ n: number }>(
            `SELECT count(*)::int AS n FROM jdk_installations i WHERE ${conditions.join(' AND ')}`,
            p,
          )
        )[0]?.n ?? 0,
      );
  // the page: one ordered walk of the partial index (licence_risk, id) per risk, merged, so its cost is the
  // page size whatever the fleet (ANY over two risks made PostgreSQL sort every risky row)
  const pp = new SqlParams();
  const base = scopeConditions(q.scope, 'i', pp);
  if (!q.risks.includes('free')) base.push("i.licence_risk <> 'free'");
  const afterId = decodeCursor(q.after);
  if (afterId !== null) base.push(`i.id > ${pp.add(afterId)}::bigint`);
  const limit = pp.add(q.first + 1);
  const branches = q.risks.map(
    (risk) =>
      `(SELECT i.id FROM jdk_installations i WHERE ${[...base, `i.licence_risk = ${pp.add(risk)}`].join(' AND ')} ` +
      `ORDER BY i.id LIMIT ${limit})`,
  );
  const rows = await db.rows<RiskyRaw>(
    `SELECT i.id, i.host_id, h.hostname, i.team, i.path, i.distribution, i.version_full, i.licence_risk,
            i.licence_terms, i.licence_reason
     FROM (${branches.join(' UNION ALL ')}) AS page
     JOIN jdk_installations i ON i.id = page.id JOIN jdk_hosts h ON h.id = i.host_id
     ORDER BY i.id LIMIT ${limit}`,
    pp,
  );
  return {
    totals: totals.map((r) => ({
      risk: r.licence_risk,
      terms: r.licence_terms ?? null,
      distribution: r.distribution ?? null,
      installations: Number(r.installations),
      hosts: Number(r.hosts),
    })),
    installations: pageOf(
      rows,
      q.first,
      (r) => String(r.id),
      (r) => ({
        installationId: String(r.id),
        hostId: String(r.host_id),
        hostname: r.hostname,
        team: r.team ?? null,
        path: r.path,
        distribution: r.distribution ?? null,
        version: r.version_full ?? null,
        risk: r.licence_risk,
        terms: r.licence_terms ?? null,
        reason: r.licence_reason,
      }),
      total,
    ),
  };
}
