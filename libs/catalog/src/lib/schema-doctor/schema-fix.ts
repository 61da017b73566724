import type { SqlDialect } from '@keel/datasource';
import {
  mysqlUpdateTsType,
  postgresTouchFunctionSql,
  postgresTouchTriggerSql,
  postgresUpdateTsType,
  quoteIdent,
  updateTsIndexSql,
} from '../schema/update-ts-ddl';
import { rowVersionDdl } from '../schema/row-version-ddl';
import type { SchemaFinding, SchemaProblem } from './schema-findings';

/**
 * The SQL that fixes the findings, statement by statement, in an order that can be applied as is:
 * column first, then its definition, trigger and index. Pure: findings in, SQL out.
 */
export function fixSql(dialect: SqlDialect, findings: readonly SchemaFinding[]): string[] {
  const byTable = new Map<string, SchemaFinding[]>();
  const columnFindings = findings.filter((f) => f.problem !== 'missing-row-version');
  for (const finding of columnFindings)
    byTable.set(finding.table, [...(byTable.get(finding.table) ?? []), finding]);
  const statements: string[] = [];
  if (dialect === 'postgres' && findings.some((f) => f.problem === 'missing-trigger')) {
    statements.push(postgresTouchFunctionSql());
  }
  for (const [table, tableFindings] of byTable) {
    const problems = new Set<SchemaProblem>(tableFindings.map((f) => f.problem));
    const first = tableFindings[0] as SchemaFinding;
    statements.push(
      ...(dialect === 'mysql'
        ? mysqlColumnFix(table, problems)
        : postgresColumnFix(table, problems, first.foundType)),
    );
    if (problems.has('missing-trigger')) statements.push(...postgresTouchTriggerSql(table));
    if (problems.has('missing-index')) statements.push(updateTsIndexSql(dialect, table, first.primaryKey));
  }
  // the row-version migration as a whole, after update_ts is right (it reads update_ts to start the
  // counters at the old versions); written for a DB that has none of it yet
  if (findings.some((f) => f.problem === 'missing-row-version')) statements.push(...rowVersionDdl(dialect));
  return statements;
}

function mysqlColumnFix(table: string, problems: Set<SchemaProblem>): string[] {
  const t = quoteIdent('mysql', table);
  // existing rows get the time of the fix: the batch indexer will see every one of them once
  if (problems.has('missing-column')) return [`ALTER TABLE ${t} ADD COLUMN update_ts ${mysqlUpdateTsType}`];
  const redefine = ['wrong-type', 'nullable', 'missing-default', 'missing-on-update'] as const;
  if (!redefine.some((p) => problems.has(p))) return [];
  const statements: string[] = [];
  if (problems.has('nullable'))
    statements.push(`UPDATE ${t} SET update_ts = CURRENT_TIMESTAMP(3) WHERE update_ts IS NULL`);
  // one MODIFY restates the whole definition: type, NOT NULL, default and ON UPDATE together
  statements.push(`ALTER TABLE ${t} MODIFY COLUMN update_ts ${mysqlUpdateTsType}`);
  return statements;
}

function postgresColumnFix(
  table: string,
  problems: Set<SchemaProblem>,
  foundType: string | undefined,
): string[] {
  const t = quoteIdent('postgres', table);
  if (problems.has('missing-column'))
    return [`ALTER TABLE ${t} ADD COLUMN update_ts ${postgresUpdateTsType}`];
  const statements: string[] = [];
  if (problems.has('wrong-type')) {
    // a zone-less timestamp is read as UTC, the zone the platform writes in
    const using = foundType?.startsWith('timestamp without time zone')
      ? " USING update_ts AT TIME ZONE 'UTC'"
      : foundType?.startsWith('timestamp with time zone')
        ? ''
        : ' USING update_ts::timestamptz';
    statements.push(`ALTER TABLE ${t} ALTER COLUMN update_ts TYPE timestamptz(3)${using}`);
  }
  if (problems.has('missing-default'))
    statements.push(`ALTER TABLE ${t} ALTER COLUMN update_ts SET DEFAULT clock_timestamp()`);
  if (problems.has('nullable')) {
    statements.push(`UPDATE ${t} SET update_ts = now() WHERE update_ts IS NULL`);
    statements.push(`ALTER TABLE ${t} ALTER COLUMN update_ts SET NOT NULL`);
  }
  return statements;
}

/** The fix as one script for people to read and apply. */
export function fixScript(dialect: SqlDialect, findings: readonly SchemaFinding[]): string {
  return fixSql(dialect, findings)
    .map((sql) => `${sql};`)
    .join('\n');
}
