import type { SqlDialect } from '@keel/datasource';
import type { DataSource, QueryRunner } from 'typeorm';

export type CatalogQuery = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** `?` placeholders, written once, become `$1, $2…` for PostgreSQL. */
export function toDialectPlaceholders(dialect: SqlDialect, sql: string): string {
  if (dialect === 'mysql') return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** `col IN (…)` with one array parameter: mysql2 expands the array, PostgreSQL takes `= ANY(array)`. */
export function inIds(dialect: SqlDialect, column: string): string {
  return dialect === 'mysql' ? `${column} IN (?)` : `${column} = ANY(?::bigint[])`;
}

/**
 * The physical MySQL/MariaDB connections whose session time zone is already UTC. A pooled connection
 * keeps its session variables across check-outs (mysql2 does not reset them), so the `SET` is one
 * round trip per connection, not per call. Weak: a connection the pool drops is forgotten with it.
 */
const utcSessions = new WeakSet<object>();

/**
 * Runs queries on one pooled connection. On MySQL/MariaDB the session time zone is UTC: TIMESTAMP
 * columns are converted to the session zone on read and write, and the driver (timezone 'Z') reads
 * them as UTC, so any other session zone would shift every update_ts. It is set the first time a
 * physical connection is used here; code that changes `time_zone` on a pooled connection must set
 * it back to '+00:00' before releasing it.
 */
export async function withCatalogSession<T>(
  dataSource: DataSource,
  dialect: SqlDialect,
  work: (query: CatalogQuery, runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    if (dialect === 'mysql') {
      const connection: unknown = await runner.connect();
      const key = typeof connection === 'object' && connection !== null ? connection : undefined;
      if (!key || !utcSessions.has(key)) {
        await runner.query("SET time_zone = '+00:00'");
        if (key) utcSessions.add(key);
      }
    }
    const query: CatalogQuery = (sql, params = []) =>
      runner.query(toDialectPlaceholders(dialect, sql), params);
    return await work(query, runner);
  } finally {
    await runner.release();
  }
}
