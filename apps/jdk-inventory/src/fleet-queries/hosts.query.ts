import type { JdkHostFilter, JdkHostsReply } from '@keel/api-contracts';
import { decodeCursor, pageOf } from './cursor';
import type { HostsQuery } from './inventory-requests';
import { hostFilterConditions, normaliseVersion, SqlParams, where } from './inventory-sql';
import type { InventoryReads } from './inventory-reads';
import { toHost, type HostRow } from './inventory-rows';

/** Hosts by vendor, feature, version, team, labels, risk flags and hostname prefix: a keyset page. */
export async function hostsQuery(db: InventoryReads, q: HostsQuery): Promise<JdkHostsReply> {
  const cp = new SqlParams();
  const fromRollup = installationOnly(q.filter);
  if (fromRollup) await db.rollups.ensureFresh();
  const [count] = await db.rows<{ n: number }>(
    fromRollup
      ? hostCountRollupSql(q.filter, cp)
      : `SELECT count(*)::int AS n FROM jdk_hosts h ${where(hostFilterConditions(q.filter, cp))}`,
    cp,
  );
  const p = new SqlParams();
  const conditions = hostFilterConditions(q.filter, p);
  const afterId = decodeCursor(q.after);
  if (afterId !== null) conditions.push(`h.id > ${p.add(afterId)}::bigint`);
  const rows = await db.rows<HostRow>(
    `SELECT h.* FROM jdk_hosts h ${where(conditions)} ORDER BY h.id LIMIT ${p.add(q.first + 1)}`,
    p,
  );
  return pageOf(rows, q.first, (r) => String(r.id), toHost, Number(count?.n ?? 0));
}

/** Filtered by installation (vendor, feature, version; maybe team) only: the roll-up holds the total. */
function installationOnly(filter: JdkHostFilter): boolean {
  const byInstallation =
    filter.vendor !== undefined || filter.feature !== undefined || filter.version !== undefined;
  const byHost =
    filter.includeStale === true ||
    (filter.labels !== undefined && Object.keys(filter.labels).length > 0) ||
    filter.hostnamePrefix !== undefined ||
    (filter.risk !== undefined && filter.risk.length > 0);
  return byInstallation && !byHost;
}

/**
 * The total of an installation filter from `jdk_rollup_host_match` (`match_key`: the filter's vendor,
 * a distribution id or a lower-cased vendor name as the page matches it; '' for any vendor), summed
 * over teams (teams partition hosts, so the per-team distinct counts add up), as fresh as the
 * summaries (`ROLLUP_MAX_AGE_S`). An EXISTS per host over the whole fleet was this query's 1.8 s at 300k
 * hosts, and an index-only count of the matching installations still ~100 ms.
 */
export function hostCountRollupSql(filter: JdkHostFilter, p: SqlParams): string {
  const grouping = (filter.feature === undefined ? 2 : 0) | (filter.version === undefined ? 1 : 0);
  const conditions = [
    `match_key = ${p.add((filter.vendor ?? '').toLowerCase())}`,
    `grouping = ${p.add(grouping)}`,
  ];
  if (filter.feature !== undefined) conditions.push(`feature = ${p.add(filter.feature)}`);
  if (filter.version !== undefined) conditions.push(`version = ${p.add(normaliseVersion(filter.version))}`);
  if (filter.team !== undefined) conditions.push(`team = ${p.add(filter.team)}`);
  return `SELECT coalesce(sum(hosts), 0)::int AS n FROM jdk_rollup_host_match WHERE ${conditions.join(' AND ')}`;
}
