import type { JdkTopUpdatesReply } from '@keel/api-contracts';
import type { TopUpdatesQuery } from './inventory-requests';
import { scopeConditions, SqlParams } from './inventory-sql';
import type { InventoryReads } from './inventory-reads';

interface TopUpdateRaw {
  feature: number;
  version_full: string;
  update_number: number | null;
  installations: number;
  hosts: number;
  train_installations: number;
}

/** The most used update per train (feature release), with its share of the train. */
export async function topUpdatesQuery(db: InventoryReads, q: TopUpdatesQuery): Promise<JdkTopUpdatesReply> {
  const p = new SqlParams();
  if (await db.fromRollups(q.scope)) {
    // grouping 4: per team, feature and version (vendor aggregated)
    const conditions = [`grouping = ${p.add(4)}`, 'feature IS NOT NULL', 'version IS NOT NULL'];
    if (q.features?.length) conditions.push(`feature = ANY(${p.add(q.features)}::int[])`);
    const rows = await db.rows<TopUpdateRaw>(
      `WITH per_version AS (
         SELECT feature, version AS version_full, sum(installations)::int AS installations, sum(hosts)::int AS hosts
         FROM jdk_rollup_mix ${db.teamCondition(q.scope, p, conditions)} GROUP BY 1, 2
       ), ranked AS (
         SELECT *, sum(installations) OVER (PARTITION BY feature)::int AS train_installations,
                row_number() OVER (PARTITION BY feature ORDER BY installations DESC, version_full DESC) AS rank
         FROM per_version
       )
       SELECT * FROM ranked WHERE rank = 1 ORDER BY feature`,
      p,
    );
    return { rows: rows.map((r) => topUpdateRow({ ...r, update_number: updateOf(r.version_full) })) };
  }
  const conditions = [
    ...scopeConditions(q.scope, 'i', p),
    'i.feature IS NOT NULL',
    'i.version_full IS NOT NULL',
  ];
  if (q.features?.length) conditions.push(`i.feature = ANY(${p.add(q.features)}::int[])`);
  const rows = await db.rows<TopUpdateRaw>(
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

const updateOf = (version: string) => Number(version.split('.')[2] ?? 0) || 0;

function topUpdateRow(r: TopUpdateRaw) {
  return {
    feature: Number(r.feature),
    version: String(r.version_full),
    update: Number(r.update_number ?? 0),
    installations: Number(r.installations),
    hosts: Number(r.hosts),
    trainInstallations: Number(r.train_installations),
    share: Number(r.installations) / Math.max(1, Number(r.train_installations)),
  };
}
