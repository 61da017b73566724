import type { JdkMixDimension, JdkMixReply, JdkMixRow, JdkSummaryScope } from '@keel/api-contracts';
import type { MixQuery } from './inventory-requests';
import { mixSql, scopeConditions, SqlParams } from './inventory-sql';
import type { InventoryReads } from './inventory-reads';

type MixRowRaw = Partial<Record<JdkMixDimension, string | number | null>> & {
  installations: number;
  hosts: number;
};

/** Installations and hosts grouped by vendor / feature / version / team. */
export async function mixQuery(db: InventoryReads, q: MixQuery): Promise<JdkMixReply> {
  let rows: MixRowRaw[];
  let total: { n: number } | undefined;
  if (await db.fromRollups(q.scope)) {
    const p = new SqlParams();
    rows = await db.rows<MixRowRaw>(mixRollupSql(q.groupBy, q.scope, q.limit, p), p);
    const tp = new SqlParams();
    [total] = await db.rows<{ n: number }>(
      `SELECT coalesce(sum(installations), 0)::int AS n FROM jdk_rollup_mix ${db.teamCondition(q.scope, tp, [
        `grouping = ${tp.add(7)}`,
      ])}`,
      tp,
    );
  } else {
    const p = new SqlParams();
    rows = await db.rows<MixRowRaw>(mixSql(q.groupBy, q.scope, q.limit, p), p);
    const tp = new SqlParams();
    [total] = await db.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM jdk_installations i WHERE ${scopeConditions(q.scope, 'i', tp).join(' AND ')}`,
      tp,
    );
  }
  return {
    groupBy: q.groupBy,
    rows: rows.map((r) => {
      const row: JdkMixRow = { installations: Number(r.installations), hosts: Number(r.hosts) };
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
    totalInstallations: Number(total?.n ?? 0),
  };
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
