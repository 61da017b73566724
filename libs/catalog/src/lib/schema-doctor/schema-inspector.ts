import type { SqlDialect } from '@keel/datasource';
import type { DataSource } from 'typeorm';
import { dialectOfDataSource } from '../migrations/catalog-migrations';
import { type CatalogQuery, withCatalogSession } from '../read/catalog-session';
import { touchFunctionName } from '../schema/catalog-tables';
import { versionFloorTable } from '../schema/row-version-ddl';
import { diagnoseSchema, diagnoseVersions } from './schema-diagnosis';
import type { SchemaDiagnosis, TableFacts, UpdateTsColumnFacts, VersionFacts } from './schema-findings';

type Raw = Record<string, unknown>;

export interface InspectOptions {
  /** Only these tables; default: every base table of the current database/schema. */
  tables?: readonly string[];
  /** Tables to skip; default: migration bookkeeping tables (`…migrations`). */
  exclude?: (table: string) => boolean;
}

// the version floor is one row of Keel's bookkeeping, not a catalogue table
const defaultExclude = (table: string) => /migrations$/i.test(table) || table === versionFloorTable;

/** Reads, for every table of the connected database (MySQL) or current schema (PostgreSQL), its update_ts facts. */
export async function inspectTables(
  dataSource: DataSource,
  options: InspectOptions = {},
): Promise<TableFacts[]> {
  const dialect = dialectOfDataSource(dataSource);
  const exclude = options.exclude ?? defaultExclude;
  return withCatalogSession(dataSource, dialect, async (q) => {
    const catalog = dialect === 'mysql' ? await mysqlCatalog(q) : await postgresCatalog(q);
    const wanted = options.tables ? new Set(options.tables) : undefined;
    const missing = [...(wanted ?? [])].filter((t) => !catalog.tables.includes(t));
    if (missing.length > 0) throw new Error(`no such table(s) in the shop DB: ${missing.join(', ')}`);
    return catalog.tables
      .filter((t) => (wanted ? wanted.has(t) : !exclude(t)))
      .sort()
      .map((table) => ({
        table,
        primaryKey: catalog.primaryKeys.get(table) ?? [],
        updateTs: catalog.columns.get(table) ?? null,
        hasTouchTrigger: catalog.triggered.has(table),
        hasUpdateTsIndex: catalog.indexed.has(table),
      }));
  });
}

/** Inspects and diagnoses: the doctor's whole examination. */
export async function examineSchema(
  dataSource: DataSource,
  options: InspectOptions = {},
): Promise<SchemaDiagnosis> {
  const dialect = dialectOfDataSource(dataSource);
  const facts = await inspectTables(dataSource, options);
  const findings = diagnoseSchema(dialect, facts);
  // the version is a property of the catalogue as a whole: checked unless --tables leaves products out
  if (!options.tables || options.tables.includes('products'))
    findings.push(...diagnoseVersions(dialect, await inspectVersions(dataSource)));
  return { dialect, tables: facts.length, findings };
}

/** Tables, row_version columns, enabled triggers and functions of the current database/schema. */
export async function inspectVersions(dataSource: DataSource): Promise<VersionFacts> {
  const dialect = dialectOfDataSource(dataSource);
  return withCatalogSession(dataSource, dialect, async (q) => {
    const names = async (sql: string) => (await q<Raw>(sql)).map((r) => str(r['n']));
    if (dialect === 'mysql') {
      return {
        tables: await names(
          "SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
        ),
        rowVersionColumns: await names(
          "SELECT TABLE_NAME AS n FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'row_version'",
        ),
        triggers: await names(
          'SELECT TRIGGER_NAME AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()',
        ),
        functions: await names(
          "SELECT ROUTINE_NAME AS n FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_TYPE = 'FUNCTION'",
        ),
      };
    }
    return {
      tables: await names(
        "SELECT c.relname AS n FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace WHERE ns.nspname = current_schema() AND c.relkind IN ('r', 'p')",
      ),
      rowVersionColumns: await names(
        "SELECT table_name AS n FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'row_version'",
      ),
      triggers: await names(
        'SELECT tg.tgname AS n FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid' +
          ' JOIN pg_namespace ns ON ns.oid = c.relnamespace' +
          " WHERE NOT tg.tgisinternal AND tg.tgenabled <> 'D' AND ns.nspname = current_schema()",
      ),
      functions: await names(
        'SELECT p.proname AS n FROM pg_proc p JOIN pg_namespace ns ON ns.oid = p.pronamespace WHERE ns.nspname = current_schema()',
      ),
    };
  });
}

interface CatalogFacts {
  tables: string[];
  primaryKeys: Map<string, string[]>;
  columns: Map<string, UpdateTsColumnFacts>;
  triggered: Set<string>;
  indexed: Set<string>;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));

function groupColumns(rows: Raw[]): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const r of rows) keys.set(str(r['t']), [...(keys.get(str(r['t'])) ?? []), str(r['c'])]);
  return keys;
}

function columnFacts(rows: Raw[], dialect: SqlDialect): Map<string, UpdateTsColumnFacts> {
  return new Map(
    rows.map((r) => [
      str(r['t']),
      {
        dataType: str(r['data_type']).toLowerCase(),
        precision: r['precision'] === null || r['precision'] === undefined ? null : Number(r['precision']),
        nullable: str(r['nullable']).toUpperCase() === 'YES',
        // MariaDB shows a missing default as the string 'NULL'
        defaultExpression:
          r['default_expr'] === null || (dialect === 'mysql' && str(r['default_expr']) === 'NULL')
            ? null
            : str(r['default_expr']),
        extra: str(r['extra']),
      },
    ]),
  );
}

async function mysqlCatalog(q: CatalogQuery): Promise<CatalogFacts> {
  const tables = await q<Raw>(
    "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'",
  );
  const keys = await q<Raw>(
    'SELECT TABLE_NAME AS t, COLUMN_NAME AS c FROM information_schema.KEY_COLUMN_USAGE' +
      " WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY TABLE_NAME, ORDINAL_POSITION",
  );
  const columns = await q<Raw>(
    'SELECT TABLE_NAME AS t, DATA_TYPE AS data_type, DATETIME_PRECISION AS `precision`, IS_NULLABLE AS nullable,' +
      ' COLUMN_DEFAULT AS default_expr, EXTRA AS extra FROM information_schema.COLUMNS' +
      " WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'update_ts'",
  );
  const indexed = await q<Raw>(
    'SELECT DISTINCT TABLE_NAME AS t FROM information_schema.STATISTICS' +
      " WHERE TABLE_SCHEMA = DATABASE() AND SEQ_IN_INDEX = 1 AND COLUMN_NAME = 'update_ts'",
  );
  return {
    tables: tables.map((r) => str(r['t'])),
    primaryKeys: groupColumns(keys),
    columns: columnFacts(columns, 'mysql'),
    triggered: new Set(),
    indexed: new Set(indexed.map((r) => str(r['t']))),
  };
}

async function postgresCatalog(q: CatalogQuery): Promise<CatalogFacts> {
  const tables = await q<Raw>(
    'SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace' +
      " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')",
  );
  const keys = await q<Raw>(
    'SELECT c.relname AS t, a.attname AS c FROM pg_index i' +
      ' JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace' +
      ' JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)' +
      ' WHERE i.indisprimary AND n.nspname = current_schema()' +
      ' ORDER BY c.relname, array_position(i.indkey::int2[], a.attnum)',
  );
  const columns = await q<Raw>(
    'SELECT table_name AS t, data_type, datetime_precision AS precision, is_nullable AS nullable,' +
      " column_default AS default_expr, '' AS extra FROM information_schema.columns" +
      " WHERE table_schema = current_schema() AND column_name = 'update_ts'",
  );
  // tgtype bits: 1 = FOR EACH ROW, 2 = BEFORE, 16 = UPDATE
  const triggered = await q<Raw>(
    'SELECT DISTINCT c.relname AS t FROM pg_trigger tg' +
      ' JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace' +
      ' JOIN pg_proc p ON p.oid = tg.tgfoid' +
      " WHERE NOT tg.tgisinternal AND tg.tgenabled <> 'D' AND n.nspname = current_schema()" +
      ` AND p.proname = '${touchFunctionName}' AND tg.tgtype & 19 = 19`,
  );
  const indexed = await q<Raw>(
    'SELECT DISTINCT c.relname AS t FROM pg_index i' +
      ' JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace' +
      ' JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]' +
      " WHERE n.nspname = current_schema() AND a.attname = 'update_ts'",
  );
  return {
    tables: tables.map((r) => str(r['t'])),
    primaryKeys: groupColumns(keys),
    columns: columnFacts(columns, 'postgres'),
    triggered: new Set(triggered.map((r) => str(r['t']))),
    indexed: new Set(indexed.map((r) => str(r['t']))),
  };
}
