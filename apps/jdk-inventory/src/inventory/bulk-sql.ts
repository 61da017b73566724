/** A column of a bulk statement: its name and the PostgreSQL type `jsonb_to_recordset` reads it as. */
export type BulkColumn = readonly [name: string, type: string];

export interface BulkInsert {
  table: string;
  columns: readonly BulkColumn[];
  /** ON CONFLICT target, e.g. `(host_id, install_key)`; none = plain insert. */
  conflict?: string;
  /** Columns replaced on conflict (SET col = EXCLUDED.col); none = DO NOTHING. */
  update?: readonly string[];
  /** Extra SET expressions on conflict, e.g. `first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at)`. */
  updateExpressions?: readonly string[];
  /** Only update when this holds (`t` is the existing row), e.g. `t.last_seen_at <= EXCLUDED.last_seen_at`. */
  updateWhere?: string;
  orderBy?: string;
  returning?: string;
}

/**
 * One multi-row statement for any number of rows: the rows travel as ONE jsonb parameter read by
 * `jsonb_to_recordset`, so a batch never hits the 65,535 bind-parameter limit and PostgreSQL parses
 * and plans one statement per table per batch.
 */
export function bulkInsertSql(spec: BulkInsert): string {
  const names = spec.columns.map(([name]) => name);
  const record = spec.columns.map(([name, type]) => `${name} ${type}`).join(', ');
  let sql =
    `INSERT INTO ${spec.table} AS t (${names.join(', ')}) ` +
    `SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${record})`;
  if (spec.orderBy) sql += ` ORDER BY ${spec.orderBy}`;
  if (spec.conflict) {
    const sets = [
      ...(spec.update ?? []).map((c) => `${c} = EXCLUDED.${c}`),
      ...(spec.updateExpressions ?? []),
    ];
    sql +=
      sets.length === 0
        ? ` ON CONFLICT ${spec.conflict} DO NOTHING`
        : ` ON CONFLICT ${spec.conflict} DO UPDATE SET ${sets.join(', ')}` +
          (spec.updateWhere ? ` WHERE ${spec.updateWhere}` : '');
  }
  if (spec.returning) sql += ` RETURNING ${spec.returning}`;
  return sql;
}
