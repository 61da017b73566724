import type { Drift, DriftCause, DriftCounts } from '@keel/etl-core';
import type { DataSource } from 'typeorm';

type Raw = Record<string, unknown>;

/** One walk of the repairer over the id space, as recorded in `repair_cycles`. */
export interface RepairCycleRecord {
  id: number;
  indexAlias: string;
  status: 'running' | 'finished';
  minId: number;
  maxId: number;
  rangeSize: number;
  /** The first id of the next range to compare: where a killed repairer resumes. */
  nextFrom: number;
  rangesTotal: number;
  rangesDone: number;
  rangesDiffering: number;
  productsChecked: number;
  fixed: DriftCounts;
  /** How many times the cycle was resumed after its process ended mid-cycle. */
  resumed: number;
  startedAt: Date;
  finishedAt: Date | null;
  instance: string;
}

const causeColumns: Record<DriftCause, string> = {
  missing: 'fixed_missing',
  deleted: 'fixed_deleted',
  'not-searchable': 'fixed_not_searchable',
  'stale-version': 'fixed_stale_version',
  'stale-fields': 'fixed_stale_fields',
};

const toRecord = (r: Raw): RepairCycleRecord => ({
  id: Number(r['id']),
  indexAlias: String(r['index_alias']),
  status: r['status'] as RepairCycleRecord['status'],
  minId: Number(r['min_id']),
  maxId: Number(r['max_id']),
  rangeSize: Number(r['range_size']),
  nextFrom: Number(r['next_from']),
  rangesTotal: Number(r['ranges_total']),
  rangesDone: Number(r['ranges_done']),
  rangesDiffering: Number(r['ranges_differing']),
  productsChecked: Number(r['products_checked']),
  fixed: {
    missing: Number(r['fixed_missing']),
    deleted: Number(r['fixed_deleted']),
    'not-searchable': Number(r['fixed_not_searchable']),
    'stale-version': Number(r['fixed_stale_version']),
    'stale-fields': Number(r['fixed_stale_fields']),
  },
  resumed: Number(r['resumed']),
  startedAt: new Date(r['started_at'] as string),
  finishedAt: r['finished_at'] ? new Date(r['finished_at'] as string) : null,
  instance: String(r['instance']),
});

/** `repair_cycles` and `repair_fixes` in the platform DB (raw SQL on PostgreSQL). */
export class RepairCycleStore {
  constructor(private readonly db: DataSource) {}

  async running(indexAlias: string): Promise<RepairCycleRecord | undefined> {
    const [row] = await this.db.query(
      `SELECT * FROM repair_cycles WHERE index_alias = $1 AND status = 'running'`,
      [indexAlias],
    );
    return row ? toRecord(row) : undefined;
  }

  async markResumed(id: number, instance: string): Promise<RepairCycleRecord> {
    const [rows] = await this.db.query(
      'UPDATE repair_cycles SET resumed = resumed + 1, instance = $2 WHERE id = $1 RETURNING *',
      [id, instance],
    );
    return toRecord(rows[0]);
  }

  async start(
    indexAlias: string,
    span: { minId: number; maxId: number; rangeSize: number; rangesTotal: number },
    instance: string,
  ): Promise<RepairCycleRecord> {
    const [row] = await this.db.query(
      `INSERT INTO repair_cycles (index_alias, status, min_id, max_id, range_size, next_from, ranges_total, instance)
       VALUES ($1, 'running', $2, $3, $4, $2, $5, $6) RETURNING *`,
      [indexAlias, span.minId, span.maxId, span.rangeSize, span.rangesTotal, instance],
    );
    return toRecord(row);
  }

  /** The checkpoint after one range: counts and the fixes' rows in one transaction. */
  async rangeDone(
    id: number,
    nextFrom: number,
    checked: number,
    differing: boolean,
    fixes: readonly Drift[],
  ): Promise<void> {
    const counts = new Map<DriftCause, number>();
    for (const fix of fixes) counts.set(fix.cause, (counts.get(fix.cause) ?? 0) + 1);
    const sets = [...counts].map(([cause, n]) => `${causeColumns[cause]} = ${causeColumns[cause]} + ${n}`);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE repair_cycles SET next_from = $2, ranges_done = ranges_done + 1,
           ranges_differing = ranges_differing + $3, products_checked = products_checked + $4
           ${sets.length > 0 ? `, ${sets.join(', ')}` : ''}
         WHERE id = $1`,
        [id, nextFrom, differing ? 1 : 0, checked],
      );
      if (fixes.length > 0) {
        await tx.query(
          `INSERT INTO repair_fixes (cycle_id, product_id, cause)
           SELECT $1, unnest($2::bigint[]), unnest($3::text[])`,
          [id, fixes.map((f) => f.id), fixes.map((f) => f.cause)],
        );
      }
    });
  }

  async finish(id: number): Promise<RepairCycleRecord> {
    const [rows] = await this.db.query(
      `UPDATE repair_cycles SET status = 'finished', finished_at = now() WHERE id = $1 RETURNING *`,
      [id],
    );
    return toRecord(rows[0]);
  }

  async get(id: number): Promise<RepairCycleRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM repair_cycles WHERE id = $1', [id]);
    return row ? toRecord(row) : undefined;
  }

  async latest(indexAlias: string, limit: number): Promise<RepairCycleRecord[]> {
    const rows: Raw[] = await this.db.query(
      'SELECT * FROM repair_cycles WHERE index_alias = $1 ORDER BY id DESC LIMIT $2',
      [indexAlias, limit],
    );
    return rows.map(toRecord);
  }

  async fixes(cycleId: number): Promise<Drift[]> {
    const rows: Raw[] = await this.db.query(
      'SELECT product_id, cause FROM repair_fixes WHERE cycle_id = $1 ORDER BY id',
      [cycleId],
    );
    return rows.map((r) => ({ id: Number(r['product_id']), cause: r['cause'] as DriftCause }));
  }
}
