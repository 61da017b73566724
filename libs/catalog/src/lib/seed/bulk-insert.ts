import type { SqlDialect } from '@keel/datasource';
import type { CatalogQuery } from '../read/catalog-session';
import { chunk, rowsPerStatement } from './chunks';

export interface InsertColumn {
  name: string;
  /** The PostgreSQL array element type for `unnest`, e.g. `bigint`, `text`, `timestamptz`. */
  pgType: string;
}

/**
 * The multi-row INSERT for one chunk, as SQL with `?` placeholders and its parameters.
 * MySQL: `VALUES ?` with a nested array, which mysql2 expands into `(…),(…)` client-side.
 * PostgreSQL: one array parameter per column through `unnest`, so a 5,000-row chunk is a handful of
 * parameters and one plan instead of 60,000 placeholders.
 */
export function multiRowInsert(
  dialect: SqlDialect,
  table: string,
  columns: readonly InsertColumn[],
  rows: readonly unknown[][],
): { sql: string; params: unknown[] } {
  const names = columns.map((c) => c.name).join(', ');
  if (dialect === 'mysql') return { sql: `INSERT INTO ${table} (${names}) VALUES ?`, params: [rows] };
  const arrays = columns.map((_, i) => rows.map((row) => row[i]));
  const unnest = columns.map((c) => `?::${c.pgType}[]`).join(', ');
  return { sql: `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${unnest})`, params: arrays };
}

/** Inserts rows in chunks of multi-row statements; returns the number of rows written. */
export async function insertRows(
  query: CatalogQuery,
  dialect: SqlDialect,
  table: string,
  columns: readonly InsertColumn[],
  rows: readonly unknown[][],
): Promise<number> {
  // MySQL's ceiling is the packet size (16 MiB by default), not parameters: ~2 KB rows × 4000 fit
  for (const part of chunk(rows, rowsPerStatement(dialect === 'mysql' ? 1 : columns.length))) {
    const { sql, params } = multiRowInsert(dialect, table, columns, part);
    await query(sql, params);
  }
  return rows.length;
}
