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
 * Runs queries on one pooled connection. On MySQL/MariaDB the session time zone is set to UTC first:
 * TIMESTAMP columns are converted to the session zone on read and write, and the driver (timezone
 * 'Z') reads them as UTC, so any other session zone would shift every update_ts.
 */
export async function withCatalogSession<T>(
  dataSource: DataSource,
  dialect: SqlDialect,
  work: (query: CatalogQuery, runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    if (dialect === 'mysql') await runner.query("SET time_zone = '+00:00'");
    const query: CatalogQuery = (sql, params = []) =>
      runner.query(toDialectPlaceholders(dialect, sql), params);
    return await work(query, runner);
  } finally {
    await runner.release();
  }
}
