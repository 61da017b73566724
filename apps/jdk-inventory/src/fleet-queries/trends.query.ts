import type { JdkTrendsReply } from '@keel/api-contracts';
import { weekStartOf } from '../inventory/derive';
import { InvalidRequest, type TrendsQuery } from './inventory-requests';
import { SqlParams } from './inventory-sql';
import type { InventoryReads } from './inventory-reads';

/**
 * Weekly hosts and installations per vendor or feature, from the trend roll-up; the weeks ingest
 * marked since the last roll-up are rebuilt first (`refreshTrends`), so every stored report counts.
 */
export async function trendsQuery(
  db: InventoryReads,
  q: TrendsQuery,
  now: Date = new Date(),
): Promise<JdkTrendsReply> {
  if (q.scope?.labels) {
    throw new InvalidRequest([{ field: 'scope.labels', message: 'trends can be scoped by team only' }]);
  }
  await db.rollups.refreshTrends();
  const weeks: string[] = [];
  const monday = new Date(`${weekStartOf(now)}T00:00:00Z`);
  for (let n = q.weeks - 1; n >= 0; n--) {
    weeks.push(new Date(monday.getTime() - n * 7 * 86_400_000).toISOString().slice(0, 10));
  }
  const p = new SqlParams();
  const conditions = [`dimension = ${p.add(q.groupBy)}`, `week_start >= ${p.add(weeks[0])}::date`];
  if (q.scope?.team !== undefined) conditions.push(`team = ${p.add(q.scope.team)}`);
  const rows = await db.rows<{ week_start: string; key: string; hosts: number; installations: number }>(
    `SELECT week_start::text AS week_start, key, sum(hosts)::int AS hosts, sum(installations)::int AS installations
     FROM jdk_trend_weekly WHERE ${conditions.join(' AND ')} GROUP BY 1, 2 ORDER BY 1, 2`,
    p,
  );
  return {
    groupBy: q.groupBy,
    weeks,
    points: rows.map((r) => ({
      weekStart: String(r.week_start),
      key: String(r.key),
      hosts: Number(r.hosts),
      installations: Number(r.installations),
    })),
  };
}
