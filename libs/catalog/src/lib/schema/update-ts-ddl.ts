import type { SqlDialect } from '@keel/datasource';
import { touchFunctionName, touchTriggerName, updateTsIndexName } from './catalog-tables';

/**
 * The one definition of a database-maintained `update_ts`, shared by the migrations and the schema
 * doctor's fixes so both produce the same column, trigger and index.
 */
export const mysqlUpdateTsType =
  'TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)';

export const postgresUpdateTsType = 'timestamptz(3) NOT NULL DEFAULT clock_timestamp()';

export function quoteIdent(dialect: SqlDialect, name: string): string {
  return dialect === 'mysql' ? `\`${name.replace(/`/g, '``')}\`` : `"${name.replace(/"/g, '""')}"`;
}

/**
 * `clock_timestamp()`, not `now()`: `now()` is the transaction's start, so a transaction that began
 * earlier but waited for a row lock would stamp the row older than the write it waited for, and the
 * document version would go back in time. The time of the write itself follows the row-lock order.
 * The column's (3) rounds it to ms. The trigger always overwrites: a client cannot set update_ts.
 */
export function postgresTouchFunctionSql(): string {
  return [
    `CREATE OR REPLACE FUNCTION ${touchFunctionName}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    'BEGIN',
    '  NEW.update_ts := clock_timestamp();',
    '  RETURN NEW;',
    'END',
    '$$',
  ].join('\n');
}

export function postgresTouchTriggerSql(table: string): string[] {
  const trigger = quoteIdent('postgres', touchTriggerName(table));
  const target = quoteIdent('postgres', table);
  return [
    `DROP TRIGGER IF EXISTS ${trigger} ON ${target}`,
    `CREATE TRIGGER ${trigger} BEFORE UPDATE ON ${target} FOR EACH ROW EXECUTE FUNCTION ${touchFunctionName}()`,
  ];
}

/** `(update_ts, <key>)`: the batch indexer pages through a time window in this order. */
export function updateTsIndexSql(dialect: SqlDialect, table: string, keyColumns: string[]): string {
  const columns = ['update_ts', ...keyColumns].map((c) => quoteIdent(dialect, c)).join(', ');
  const name = quoteIdent(dialect, updateTsIndexName(table));
  const ifNotExists = dialect === 'postgres' ? 'IF NOT EXISTS ' : '';
  return `CREATE INDEX ${ifNotExists}${name} ON ${quoteIdent(dialect, table)} (${columns})`;
}
