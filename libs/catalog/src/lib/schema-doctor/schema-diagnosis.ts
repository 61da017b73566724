import type { SqlDialect } from '@keel/datasource';
import {
  rowVersionFunctions,
  rowVersionTriggersOf,
  tombstoneTable,
  versionFloorTable,
  versionedTables,
} from '../schema/row-version-ddl';
import type { SchemaFinding, TableFacts, VersionFacts } from './schema-findings';

const minPrecision = 3;

/** The problems of one table's update_ts, from its facts. An empty list means the table is healthy. */
export function diagnoseTable(dialect: SqlDialect, facts: TableFacts): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  const base = { table: facts.table, primaryKey: facts.primaryKey };
  const column = facts.updateTs;
  if (!column) {
    findings.push({ ...base, problem: 'missing-column', detail: 'no update_ts column' });
  } else {
    const foundType = `${column.dataType}${column.precision === null ? '' : `(${column.precision})`}`;
    const found = { ...base, foundType };
    const wantedType = dialect === 'mysql' ? 'timestamp' : 'timestamp with time zone';
    if (column.dataType.toLowerCase() !== wantedType || (column.precision ?? 0) < minPrecision) {
      findings.push({
        ...found,
        problem: 'wrong-type',
        detail: `update_ts is ${foundType}, wants ${wantedType}(3)`,
      });
    }
    if (column.nullable) findings.push({ ...found, problem: 'nullable', detail: 'update_ts allows NULL' });
    if (!isDatabaseClock(column.defaultExpression)) {
      findings.push({
        ...found,
        problem: 'missing-default',
        detail: `update_ts default is ${column.defaultExpression ?? 'none'}, not the database clock`,
      });
    }
    if (dialect === 'mysql' && !/on update current_timestamp/i.test(column.extra)) {
      findings.push({
        ...found,
        problem: 'missing-on-update',
        detail: 'update_ts has no ON UPDATE CURRENT_TIMESTAMP',
      });
    }
  }
  if (dialect === 'postgres' && !facts.hasTouchTrigger) {
    findings.push({
      ...base,
      problem: 'missing-trigger',
      detail: 'no BEFORE UPDATE trigger calling keel_touch_update_ts()',
    });
  }
  if (!facts.hasUpdateTsIndex) {
    findings.push({ ...base, problem: 'missing-index', detail: 'no index starting with update_ts' });
  }
  return findings;
}

export function diagnoseSchema(dialect: SqlDialect, tables: readonly TableFacts[]): SchemaFinding[] {
  return tables.flatMap((facts) => diagnoseTable(dialect, facts));
}

/** `current_timestamp(3)` (MariaDB), `CURRENT_TIMESTAMP(3)` (MySQL 8), `now()` or `CURRENT_TIMESTAMP` (PostgreSQL). */
function isDatabaseClock(expression: string | null): boolean {
  return (
    expression !== null &&
    /^\(?\s*(current_timestamp|now|localtimestamp|clock_timestamp|statement_timestamp|transaction_timestamp)\b/i.test(
      expression.trim(),
    )
  );
}

/**
 * The document version's parts that a catalogue DB lacks: one finding naming them all (the fix is
 * the row-version migration as a whole). Only for a DB that has a `products` table.
 */
export function diagnoseVersions(dialect: SqlDialect, facts: VersionFacts): SchemaFinding[] {
  if (!facts.tables.includes('products')) return [];
  const has = (list: string[]) => new Set(list.map((n) => n.toLowerCase()));
  const tables = has(facts.tables);
  const columns = has(facts.rowVersionColumns);
  const triggers = has(facts.triggers);
  const functions = has(facts.functions);
  const missing = [
    ...versionedTables.filter((t) => tables.has(t) && !columns.has(t)).map((t) => `${t}.row_version`),
    ...[tombstoneTable, versionFloorTable].filter((t) => !tables.has(t)).map((t) => `table ${t}`),
    ...rowVersionTriggersOf(dialect)
      .filter((t) => tables.has(t.table) && !triggers.has(t.name))
      .map((t) => `trigger ${t.name}`),
    ...rowVersionFunctions.filter((f) => !functions.has(f)).map((f) => `function ${f}`),
  ];
  if (missing.length === 0) return [];
  return [
    {
      table: 'products',
      primaryKey: ['id'],
      problem: 'missing-row-version',
      detail: `the DB-kept document version is incomplete; missing: ${missing.join(', ')}`,
    },
  ];
}
