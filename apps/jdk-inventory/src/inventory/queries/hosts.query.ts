import type { JdkHostsReply } from '@keel/api-contracts';
import { decodeCursor, pageOf } from '../cursor';
import type { HostsQuery } from '../inventory-requests';
import { hostFilterConditions, SqlParams, where } from '../inventory-sql';
import type { InventoryReads } from './inventory-reads';
import { toHost, type HostRow } from './inventory-rows';

/** Hosts by vendor, feature, version, team, labels, risk flags and hostname prefix: a keyset page. */
export async function hostsQuery(db: InventoryReads, q: HostsQuery): Promise<JdkHostsReply> {
  const p = new SqlParams();
  const conditions = hostFilterConditions(q.filter, p);
  const [count] = await db.rows<{ n: number }>(
    `SELECT count(*)::int AS n FROM jdk_hosts h ${where(conditions)}`,
    p,
  );
  const afterId = decodeCursor(q.after);
  if (afterId !== null) conditions.push(`h.id > ${p.add(afterId)}::bigint`);
  const rows = await db.rows<HostRow>(
    `SELECT h.* FROM jdk_hosts h ${where(conditions)} ORDER BY h.id LIMIT ${p.add(q.first + 1)}`,
    p,
  );
  return pageOf(rows, q.first, (r) => String(r.id), toHost, Number(count?.n ?? 0));
}
