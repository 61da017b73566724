import type { JdkHostFilter, JdkMixDimension, JdkSummaryScope } from '@keel/api-contracts';
import { parseJavaVersion } from '@keel/jdk-detect';

/** Collects bind parameters: `p.add(value)` returns its placeholder ($1, $2...). */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** LIKE pattern for a literal prefix. */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A version filter as JEP 223 `full` (`1.8.0_202` and `8u202` become `8.0.202`). */
export function normaliseVersion(version: string): string {
  const short = /^(\d+)u(\d+)$/.exec(version.trim());
  if (short) return `${short[1]}.0.${short[2]}`;
  return parseJavaVersion(version.trim())?.full ?? version.trim();
}

/**
 * WHERE conditions limiting a child table (installations, JVMs, blockers; alias `alias`) to live rows
 * of the scope: `team` is copied onto each row, labels need the host.
 */
export function scopeConditions(scope: JdkSummaryScope | undefined, alias: string, p: SqlParams): string[] {
  const where = [`NOT ${alias}.stale`];
  if (scope?.team !== undefined) where.push(`${alias}.team = ${p.add(scope.team)}`);
  if (scope?.labels && Object.keys(scope.labels).length > 0) {
    where.push(
      `${alias}.host_id IN (SELECT id FROM jdk_hosts WHERE labels @> ${p.add(JSON.stringify(scope.labels))}::jsonb)`,
    );
  }
  return where;
}

/** WHERE conditions of the hosts query (alias `h`); the cursor condition is added by the caller. */
export function hostFilterConditions(filter: JdkHostFilter, p: SqlParams): string[] {
  const where: string[] = [];
  if (!filter.includeStale) where.push('NOT h.stale');
  if (filter.team !== undefined) where.push(`h.team = ${p.add(filter.team)}`);
  if (filter.labels && Object.keys(filter.labels).length > 0) {
    where.push(`h.labels @> ${p.add(JSON.stringify(filter.labels))}::jsonb`);
  }
  if (filter.hostnamePrefix !== undefined) {
    where.push(`h.hostname LIKE ${p.add(likePrefix(filter.hostnamePrefix))}`);
  }
  // vendor, feature and version must hold for the same installation
  const inst: string[] = [];
  if (filter.vendor !== undefined) {
    const v = p.add(filter.vendor.toLowerCase());
    inst.push(`(i.distribution = ${v} OR lower(i.vendor) = ${v})`);
  }
  if (filter.feature !== undefined) inst.push(`i.feature = ${p.add(filter.feature)}`);
  if (filter.version !== undefined) inst.push(`i.version_full = ${p.add(normaliseVersion(filter.version))}`);
  if (inst.length > 0) {
    // live hosts have live rows: the condition lets the partial index on live installations serve
    if (!filter.includeStale) inst.push('NOT i.stale');
    where.push(`EXISTS (SELECT 1 FROM jdk_installations i WHERE i.host_id = h.id AND ${inst.join(' AND ')})`);
  }
  if (filter.risk && filter.risk.length > 0) {
    const any = filter.risk.map((r) => {
      switch (r) {
        case 'licence':
          return 'h.licence_risk';
        case 'eol':
          return 'h.end_of_life';
        case 'behind-baseline':
          return 'h.behind_baseline';
        case 'migration-blocked':
          return `h.blocked_targets @> ARRAY[${p.add(filter.migrationTarget ?? 17)}::int]`;
      }
    });
    where.push(`(${any.join(' OR ')})`);
  }
  return where;
}

const MIX_COLUMNS: Record<JdkMixDimension, string> = {
  vendor: 'i.vendor',
  feature: 'i.feature',
  version: 'i.version_full',
  team: 'i.team',
};

/** The mix GROUP BY over live installations, largest groups first. */
export function mixSql(
  groupBy: readonly JdkMixDimension[],
  scope: JdkSummaryScope | undefined,
  limit: number,
  p: SqlParams,
): string {
  const columns = groupBy.map((d) => `${MIX_COLUMNS[d]} AS ${d}`);
  const keys = groupBy.map((_, n) => String(n + 1));
  return (
    `SELECT ${columns.join(', ')}, count(*)::int AS installations, count(DISTINCT i.host_id)::int AS hosts ` +
    `FROM jdk_installations i WHERE ${scopeConditions(scope, 'i', p).join(' AND ')} ` +
    `GROUP BY ${keys.join(', ')} ORDER BY installations DESC, ${keys.join(', ')} LIMIT ${p.add(limit)}`
  );
}

export const where = (conditions: readonly string[]) =>
  conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
