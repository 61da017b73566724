import type { Drift, DriftCause, DriftCounts } from '@keel/etl-core';
import type { DataSource } from 'typeorm';

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

/** A `repair_cycles` row as PostgreSQL returns it (bigint as text, timestamptz as Date). */
interface RepairCycleRow {
  id: string;
  index_alias: string;
  status: RepairCycleRecord['status'];
  min_id: string;
  max_id: string;
  range_size: number;
  next_from: string;
  ranges_total: number;
  ranges_done: number;
  ranges_differing: number;
  products_checked: string;
  fixed_missing: number;
  fixed_deleted: number;
  fixed_not_searchable: number;
  fixed_stale_version: number;
  fixed_stale_fields: number;
  resumed: number;
  started_at: Date;
  finished_at: Date | null;
  instance: string;
}

/** The one mapping of a `repair_cycles` row (every statement here returns whole rows). */
const toRecord = (r: RepairCycleRow): RepairCycleRecord => ({
  id: Number(r.id),
  indexAlias: r.index_alias,
  status: r.status,
  minId: Number(r.min_id),
  maxId: Number(r.max_id),
  rangeSize: r.range_size,
  nextFrom: Number(r.next_from),
  rangesTotal: r.ranges_total,
  rangesDone: r.ranges_done,
  rangesDiffering: r.ranges_differing,
  productsChecked: Number(r.products_checked),
  fixed: {
    missing: r.fixed_missing,
    deleted: r.fixed_deleted,
    'not-searchable': r.fixed_not_searchable,
    'stale-version': r.fixed_stale_version,
    'stale-fields': r.fixed_stale_fields,
  },
  resumed: r.resumed,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  instance: r.instance,
});

/**
 * `repair_cycles` and `repair_fixes` in the platform DB: the only code that reads or writes them.
 * Raw SQL on PostgreSQL, every statement here.
 */
export class RepairCycleStore {
  constructor(private readonly db: DataSource) {}

  async running(indexAlias: string): Promise<RepairCycleRecord | undefined> {
    const [row] = await this.db.query<RepairCycleRow[]>(
      `SELECT * FROM repair_cycles WHERE index_alias = $1 AND status = 'running'`,
      [indexAlias],
    );
    return row ? toRecord(row) : undefined;
  }

  async markResumed(id: number, instance: string): Promise<RepairCycleRecord> {
    const [rows] = await this.db.query<[RepairCycleRow[], number]>(
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
    const [row] = await this.db.query<RepairCycleRow[]>(
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
    const [rows] = await this.db.query<[RepairCycleRow[], number]>(
      `UPDATE repair_cycles SET status = 'finished', finished_at = now() WHERE id = $1 RETURNING *`,
      [id],
    );
    return toRecord(rows[0]);
  }

  async get(id: number): Promise<RepairCycleRecord | undefined> {
    const [row] = await this.db.query<RepairCycleRow[]>('SELECT * FROM repair_cycles WHERE id = $1', [id]);
    return row ? toRecord(row) : undefined;
  }

  async latest(indexAlias: string, limit: number): Promise<RepairCycleRecord[]> {
    const rows = await this.db.query<RepairCycleRow[]>(
      'SELECT * FROM repair_cycles WHERE index_alias = $1 ORDER BY id DESC LIMIT $2',
      [indexAlias, limit],
    );
    return rows.map(toRecord);
  }

  async fixes(cycleId: number): Promise<Drift[]> {
    const rows = await this.db.query<{ product_id: string; cause: DriftCause }[]>(
      'SELECT product_id, cause FROM repair_fixes WHERE cycle_id = $1 ORDER BY id',
      [cycleId],
    );
    return rows.map((r) => ({ id: Number(r.product_id), cause: r.cause }));
  }
}
