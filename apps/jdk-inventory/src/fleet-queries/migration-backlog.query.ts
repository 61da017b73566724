import type { JdkMigrationBacklogReply } from '@keel/api-contracts';
import { decodeCursor, pageOf } from './cursor';
import { BLOCKING_EFFECTS } from '../inventory/derive';
import type { MigrationBacklogQuery } from './inventory-requests';
import { scopeConditions, SqlParams } from './inventory-sql';
import { params, type InventoryReads } from './inventory-reads';
import type { BlockerRow } from './inventory-rows';

/** Hosts blocked from a target: totals per rule, and a keyset page of hosts with their reasons. */
export async function migrationBacklogQuery(
  db: InventoryReads,
  q: MigrationBacklogQuery,
): Promise<JdkMigrationBacklogReply> {
  const p = new SqlParams();
  const conditions = [
    ...scopeConditions(q.scope, 'b', p),
    `b.target = ${p.add(q.target)}`,
    `b.effect = ANY(${p.add(q.effects)}::text[])`,
  ];
  const fromRollups = await db.fromRollups(q.scope);
  const rp = new SqlParams();
  const rollupConditions = [`target = ${rp.add(q.target)}`, `effect = ANY(${rp.add(q.effects)}::text[])`];
  const blockingOnly =
    q.effects.length === BLOCKING_EFFECTS.length && BLOCKING_EFFECTS.every((e) => q.effects.includes(e));
  const bp = new SqlParams();
  const [byRule, [count]] = await Promise.all([
    fromRollups
      ? db.rows<{ rule_id: string; effect: BlockerRow['effect']; hosts: number }>(
          `SELECT rule_id, effect, sum(hosts)::int AS hosts FROM jdk_rollup_backlog
           ${db.teamCondition(q.scope, rp, rollupConditions)} GROUP BY 1, 2 ORDER BY hosts DESC, 1`,
          rp,
        )
      : db.rows<{ rule_id: string; effect: BlockerRow['effect']; hosts: number }>(
          `SELECT b.rule_id, b.effect, count(DISTINCT b.host_id)::int AS hosts FROM jdk_blockers b
           WHERE ${conditions.join(' AND ')} GROUP BY 1, 2 ORDER BY hosts DESC, 1`,
          p,
        ),
    // a host blocked by both blocking effects counts once: the roll-up keeps that count per team
    fromRollups && blockingOnly
      ? db.rows<{ n: number }>(
          `SELECT coalesce(sum(hosts), 0)::int AS n FROM jdk_rollup_blocked
           ${db.teamCondition(q.scope, bp, [`target = ${bp.add(q.target)}`])}`,
          bp,
        )
      : db.rows<{ n: number }>(
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
  const hostRows = await db.rows<{ host_id: string }>(
    `SELECT DISTINCT b.host_id FROM jdk_blockers b WHERE ${pageConditions.join(' AND ')}
     ORDER BY b.host_id LIMIT ${pp.add(q.first + 1)}`,
    pp,
  );
  const pageIds = hostRows.slice(0, q.first).map((r) => String(r.host_id));
  const reasons = pageIds.length
    ? await db.rows<BlockerRow & { hostname: string }>(
        `SELECT b.*, h.hostname FROM jdk_blockers b JOIN jdk_hosts h ON h.id = b.host_id
         WHERE b.host_id = ANY($1::bigint[]) AND b.target = $2 AND b.effect = ANY($3::text[])
         ORDER BY b.host_id, b.since, b.rule_id, b.pid`,
        params(pageIds, q.target, q.effects),
      )
    : [];
  const byHost = new Map<string, (BlockerRow & { hostname: string })[]>();
  for (const r of reasons) {
    const id = String(r.host_id);
    byHost.set(id, [...(byHost.get(id) ?? []), r]);
  }
  return {
    target: q.target,
    blockedHosts: Number(count?.n ?? 0),
    byRule: byRule.map((r) => ({ ruleId: r.rule_id, effect: r.effect, hosts: Number(r.hosts) })),
    hosts: pageOf(
      hostRows,
      q.first,
      (r) => String(r.host_id),
      (r) => {
        const rows = byHost.get(String(r.host_id)) ?? [];
        return {
          hostId: String(r.host_id),
          hostname: rows[0]?.hostname ?? '',
          team: rows[0]?.team ?? null,
          reasons: rows.map((b) => ({
            ruleId: b.rule_id,
            since: Number(b.since),
            effect: b.effect,
            found: b.found,
            explanation: b.explanation,
            pid: Number(b.pid),
            mainClass: b.main_class ?? null,
          })),
        };
      },
      Number(count?.n ?? 0),
    ),
  };
}
