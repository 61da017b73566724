import type { DataSource } from 'typeorm';
import type { IdRange } from '@keel/etl-core';
import type { RecoveryPhase, RecoveryRun, RecoveryStatus } from './recovery-run';

/** A `recovery_runs` row as PostgreSQL returns it (bigint as text, timestamptz as Date). */
interface RecoveryRunRow {
  id: string;
  alias: string;
  index_name: string;
  status: RecoveryStatus;
  phase: RecoveryPhase;
  min_id: string;
  max_id: string;
  batch_size: number;
  next_to_id: string;
  ranges_done: number;
  ranges_total: number;
  docs_written: string;
  docs_deleted: string;
  docs_stale: string;
  catch_up_from: Date;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  caught_up_to: Date | null;
  swapped_at: Date | null;
  rolled_back_at: Date | null;
  previous_index: string | null;
  error: string | null;
}

/** The one mapping of a `recovery_runs` row (every statement here returns whole rows). */
const toRun = (r: RecoveryRunRow): RecoveryRun => ({
  id: Number(r.id),
  alias: r.alias,
  index: r.index_name,
  status: r.status,
  phase: r.phase,
  minId: Number(r.min_id),
  maxId: Number(r.max_id),
  batchSize: r.batch_size,
  nextToId: Number(r.next_to_id),
  rangesDone: r.ranges_done,
  rangesTotal: r.ranges_total,
  docsWritten: Number(r.docs_written),
  docsDeleted: Number(r.docs_deleted),
  docsStale: Number(r.docs_stale),
  catchUpFrom: r.catch_up_from,
  startedAt: r.started_at,
  updatedAt: r.updated_at,
  finishedAt: r.finished_at,
  caughtUpTo: r.caught_up_to,
  swappedAt: r.swapped_at,
  rolledBackAt: r.rolled_back_at,
  previousIndex: r.previous_index,
  error: r.error,
});

type Updated = [RecoveryRunRow[], number];

export type NewRecoveryRun = Pick<
  RecoveryRun,
  'alias' | 'index' | 'minId' | 'maxId' | 'batchSize' | 'nextToId' | 'rangesTotal' | 'catchUpFrom'
>;

/**
 * `recovery_runs` and `recovery_ranges` in the platform DB, the checkpoint a killed rebuild resumes
 * from: the only code that reads or writes them (the gateway asks indexer-recovery over RPC). Raw SQL
 * on PostgreSQL, every statement here.
 */
export class RecoveryRunStore {
  constructor(private readonly db: DataSource) {}

  async create(run: NewRecoveryRun): Promise<RecoveryRun> {
    const [row] = await this.db.query<RecoveryRunRow[]>(
      `INSERT INTO recovery_runs (alias, index_name, status, phase, min_id, max_id, batch_size, next_to_id,
         ranges_total, catch_up_from)
       VALUES ($1, $2, 'running', 'ranges', $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        run.alias,
        run.index,
        run.minId,
        run.maxId,
        run.batchSize,
        run.nextToId,
        run.rangesTotal,
        run.catchUpFrom,
      ],
    );
    return toRun(row);
  }

  async get(id: number): Promise<RecoveryRun | undefined> {
    const [row] = await this.db.query<RecoveryRunRow[]>('SELECT * FROM recovery_runs WHERE id = $1', [id]);
    return row ? toRun(row) : undefined;
  }

  /** The newest run of an alias that is running (killed) or failed: what `resume` or `retry` continues. */
  async unfinished(alias: string): Promise<RecoveryRun | undefined> {
    const [row] = await this.db.query<RecoveryRunRow[]>(
      `SELECT * FROM recovery_runs WHERE alias = $1 AND status IN ('running', 'failed') ORDER BY id DESC LIMIT 1`,
      [alias],
    );
    return row ? toRun(row) : undefined;
  }

  /** The newest run that swapped the aliases and was not rolled back: what `rollback` undoes. */
  async lastSwapped(alias: string): Promise<RecoveryRun | undefined> {
    const [row] = await this.db.query<RecoveryRunRow[]>(
      `SELECT * FROM recovery_runs WHERE alias = $1 AND swapped_at IS NOT NULL AND rolled_back_at IS NULL
       ORDER BY swapped_at DESC, id DESC LIMIT 1`,
      [alias],
    );
    return row ? toRun(row) : undefined;
  }

  /**
   * When the aliases last left `index` (so writes stopped reaching it): the swap of a run that
   * replaced it, or the rollback of its own run. Undefined when no run records it.
   */
  async leftAt(alias: string, index: string): Promise<Date | undefined> {
    const [row] = await this.db.query<{ at: Date | null }[]>(
      `SELECT GREATEST(
         (SELECT MAX(swapped_at) FROM recovery_runs WHERE alias = $1 AND previous_index = $2),
         (SELECT MAX(rolled_back_at) FROM recovery_runs WHERE alias = $1 AND index_name = $2)) AS at`,
      [alias, index],
    );
    return row?.at ?? undefined;
  }

  async caughtUp(id: number, to: Date): Promise<RecoveryRun> {
    const [rows] = await this.db.query<Updated>(
      'UPDATE recovery_runs SET caught_up_to = $2, updated_at = now() WHERE id = $1 RETURNING *',
      [id, to],
    );
    return toRun(rows[0]);
  }

  async swapped(id: number, at: Date): Promise<RecoveryRun> {
    const [rows] = await this.db.query<Updated>(
      'UPDATE recovery_runs SET swapped_at = $2, updated_at = now() WHERE id = $1 RETURNING *',
      [id, at],
    );
    return toRun(rows[0]);
  }

  async rolledBack(id: number, at: Date): Promise<RecoveryRun> {
    const [rows] = await this.db.query<Updated>(
      'UPDATE recovery_runs SET rolled_back_at = $2, updated_at = now() WHERE id = $1 RETURNING *',
      [id, at],
    );
    return toRun(rows[0]);
  }

  async abandon(id: number, reason: string): Promise<RecoveryRun> {
    const [rows] = await this.db.query<Updated>(
      `UPDATE recovery_runs SET status = 'abandoned', error = COALESCE(error || ' / ', '') || $2, updated_at = now()
       WHERE id = $1 RETURNING *`,
      [id, reason],
    );
    return toRun(rows[0]);
  }

  async list(alias: string | undefined, limit: number): Promise<RecoveryRun[]> {
    const rows = alias
      ? await this.db.query<RecoveryRunRow[]>(
          'SELECT * FROM recovery_runs WHERE alias = $1 ORDER BY id DESC LIMIT $2',
          [alias, limit],
        )
      : await this.db.query<RecoveryRunRow[]>('SELECT * FROM recovery_runs ORDER BY id DESC LIMIT $1', [
          limit,
        ]);
    return rows.map(toRun);
  }

  /** An alias's runs, newest first, keyset-paged on id (`before`: the last id of the previous page). */
  async page(
    alias: string,
    limit: number,
    before?: number,
  ): Promise<{ runs: RecoveryRun[]; hasNextPage: boolean }> {
    const rows = await this.db.query<RecoveryRunRow[]>(
      `SELECT * FROM recovery_runs WHERE alias = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [alias, before ?? null, limit + 1],
    );
    return { runs: rows.slice(0, limit).map(toRun), hasNextPage: rows.length > limit };
  }

  /** Records the ranges of a new run, all pending. */
  async createRanges(runId: number, ranges: readonly IdRange[]): Promise<void> {
    for (let i = 0; i < ranges.length; i += 5000) {
      const chunk = ranges.slice(i, i + 5000);
      await this.db.query(
        `INSERT INTO recovery_ranges (run_id, from_id, to_id)
         SELECT $1, f, t FROM unnest($2::bigint[], $3::bigint[]) AS r (f, t) ON CONFLICT DO NOTHING`,
        [runId, chunk.map((r) => r.from), chunk.map((r) => r.to)],
      );
    }
  }

  /**
   * Claims the highest open range: pending, or claimed by a worker whose lease ran out (it died).
   * `SKIP LOCKED` lets concurrent workers each take a different range without waiting.
   */
  async claimRange(runId: number, worker: string, leaseMs: number): Promise<IdRange | undefined> {
    const [rows] = await this.db.query<[{ from_id: string; to_id: string }[], number]>(
      `UPDATE recovery_ranges SET status = 'claimed', worker = $2, claimed_at = now()
       WHERE (run_id, from_id) = (
         SELECT run_id, from_id FROM recovery_ranges
         WHERE run_id = $1
           AND (status = 'pending' OR (status = 'claimed' AND claimed_at < now() - make_interval(secs => $3)))
         ORDER BY to_id DESC LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING from_id, to_id`,
      [runId, worker, leaseMs / 1000],
    );
    const row = rows[0];
    return row ? { from: Number(row.from_id), to: Number(row.to_id) } : undefined;
  }

  /**
   * Marks a range done and adds its counts to the run, in one transaction. A range another worker
   * took over (our lease ran out) is counted once, by whoever marks it done first.
   */
  async rangeDone(
    runId: number,
    range: IdRange,
    worker: string,
    docs: { written: number; deleted: number; stale: number },
  ): Promise<RecoveryRun> {
    return this.db.transaction(async (tx) => {
      const [, marked] = await tx.query<[unknown[], number]>(
        `UPDATE recovery_ranges SET status = 'done', finished_at = now(), docs_written = $4
         WHERE run_id = $1 AND from_id = $2 AND status = 'claimed' AND worker = $3`,
        [runId, range.from, worker, docs.written],
      );
      const counted = marked === 1 ? 1 : 0;
      const [rows] = await tx.query<Updated>(
        `UPDATE recovery_runs SET ranges_done = ranges_done + $2, docs_written = docs_written + $3,
           docs_deleted = docs_deleted + $4, docs_stale = docs_stale + $5, updated_at = now(),
           next_to_id = LEAST(next_to_id, $6)
         WHERE id = $1 RETURNING *`,
        [
          runId,
          counted,
          counted * docs.written,
          counted * docs.deleted,
          counted * docs.stale,
          range.from - 1,
        ],
      );
      return toRun(rows[0]);
    });
  }

  /** Ranges of a run not done yet. */
  async openRanges(runId: number): Promise<number> {
    const [row] = await this.db.query<{ n: string }[]>(
      `SELECT COUNT(*) AS n FROM recovery_ranges WHERE run_id = $1 AND status <> 'done'`,
      [runId],
    );
    return Number(row.n);
  }

  /** How many ranges of a run each worker finished. */
  async workers(runId: number): Promise<Record<string, number>> {
    const rows = await this.db.query<{ worker: string; n: string }[]>(
      `SELECT worker, COUNT(*) AS n FROM recovery_ranges WHERE run_id = $1 AND status = 'done' GROUP BY worker`,
      [runId],
    );
    return Object.fromEntries(rows.map((r) => [r.worker, Number(r.n)]));
  }

  async phase(
    id: number,
    phase: RecoveryPhase,
    extra: { previousIndex?: string | null } = {},
  ): Promise<RecoveryRun> {
    const [rows] = await this.db.query<Updated>(
      `UPDATE recovery_runs SET phase = $2, status = 'running', error = NULL, updated_at = now(),
         previous_index = COALESCE($3, previous_index)
       WHERE id = $1 RETURNING *`,
      [id, phase, extra.previousIndex ?? null],
    );
    return toRun(rows[0]);
  }

  async finish(id: number, status: 'succeeded' | 'failed', error?: string): Promise<RecoveryRun> {
    const [rows] = await this.db.query<Updated>(
      `UPDATE recovery_runs SET status = $2, error = $3, updated_at = now(),
         finished_at = CASE WHEN $2 = 'succeeded' THEN now() ELSE finished_at END,
         phase = CASE WHEN $2 = 'succeeded' THEN 'done' ELSE phase END
       WHERE id = $1 RETURNING *`,
      [id, status, error ?? null],
    );
    return toRun(rows[0]);
  }
}
