import type { SqlDialect } from '@keel/datasource';

/** What the doctor reads about one table: facts only, gathered by the inspector. */
export interface TableFacts {
  table: string;
  primaryKey: string[];
  /** The update_ts column, or null when the table has none. */
  updateTs: UpdateTsColumnFacts | null;
  /** PostgreSQL: an enabled BEFORE UPDATE FOR EACH ROW trigger calling keel_touch_update_ts(). */
  hasTouchTrigger: boolean;
  /** Some index has update_ts as its first column. */
  hasUpdateTsIndex: boolean;
}

export interface UpdateTsColumnFacts {
  /** As information_schema names it: `timestamp`, `datetime`, `timestamp with time zone`… */
  dataType: string;
  /** Fractional-second digits, null when not a temporal type. */
  precision: number | null;
  nullable: boolean;
  /** The column default expression as the catalogue shows it, or null. */
  defaultExpression: string | null;
  /** MySQL `EXTRA`, e.g. `on update current_timestamp(3)`; empty on PostgreSQL. */
  extra: string;
}

export type SchemaProblem =
  | 'missing-column'
  | 'wrong-type'
  | 'nullable'
  | 'missing-default'
  | 'missing-on-update'
  | 'missing-trigger'
  | 'missing-index'
  /** The DB-kept document version (row_version counters, triggers, tombstones, floor) is incomplete. */
  | 'missing-row-version';

export interface SchemaFinding {
  table: string;
  problem: SchemaProblem;
  /** What the doctor saw, for people. */
  detail: string;
  /** The table's primary key: the index `(update_ts, <pk>)` pages in that order. */
  primaryKey: string[];
  /** The update_ts type found, when there is a column. */
  foundType?: string;
}

export interface SchemaDiagnosis {
  dialect: SqlDialect;
  tables: number;
  findings: SchemaFinding[];
}

/** What the doctor reads about the document version of a catalogue DB. */
export interface VersionFacts {
  /** Tables that exist (of the catalogue and Keel's version tables). */
  tables: string[];
  /** Tables that have a `row_version` column. */
  rowVersionColumns: string[];
  /** Enabled triggers, by name. */
  triggers: string[];
  /** Stored functions, by name. */
  functions: string[];
}
