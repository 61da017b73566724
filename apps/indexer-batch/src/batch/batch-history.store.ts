import type { DataSource } from 'typeorm';
import type { HoppingWindow } from './hopping-window';
import type { BatchWindowRecord, RefusedId, WindowCounts, WindowKind, WindowStatus } from './batch-window';

/** A `batch_history` row as PostgreSQL returns it (bigint as text, timestamptz as Date, jsonb parsed). */
interface BatchHistoryRow {
  id: string;
  write_alias: string;
  kind: WindowKind;
  window_start: Date;
  window_end: Date;
  started_at: Date;
  finished_at: Date | null;
  ids_seen: number;
  parents_seen: number;
  products_expanded: number;
  written: number;
  stale: number;
  deleted: number;
  failed: number;
  held_by_session: string | null;
  held_age_ms: string | null;
  refused: RefusedId[];
  status: WindowStatus;
  error: string | null;
  instance: string;
}

/** The one mapping of a `batch_history` row (every statement here returns whole rows). */
const toRecord = (r: BatchHistoryRow): BatchWindowRecord => ({
  id: Number(r.id),
  writeAlias: r.write_alias,
  kind: r.kind,
  windowStart: r.window_start,
  windowEnd: r.window_end,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  idsSeen: r.ids_seen,
  parentsSeen: r.parents_seen,
  productsExpanded: r.products_expanded,
  written: r.written,
  stale: r.stale,
  deleted: r.deleted,
  failed: r.failed,
  heldBySession: r.held_by_session,
  heldAgeMs: r.held_age_ms === null ? null : Number(r.held_age_ms),
  refused: r.refused,
  status: r.status,
  error: r.error,
  instance: r.instance,
});

export interface HistoryPage {
  windows: BatchWindowRecord[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/**
 * `batch_history` in the platform DB: the only code that reads or writes it (the gateway asks
 * indexer-batch over RPC). Raw SQL on PostgreSQL, every statement here.
 */
export class BatchHistoryStore {
  constructor(private readonly db: DataSource) {}

  /** The end of the latest successful hop: where the next window starts (minus the overlap). */
  async lastSuccessEnd(writeAlias: string): Promise<Date | null> {
    const [row] = await this.db.query<{ window_end: Date | null }[]>(
      `SELECT max(window_end) AS window_end FROM batch_history
       WHERE write_alias = $1 AND status = 'succeeded' AND kind = 'hop'`,
      [writeAlias],
    );
    return row?.window_end ?? null;
  }

  async start(
    writeAlias: string,
    window: HoppingWindow,
    kind: WindowKind,
    instance: string,
    heldBy: { session: string; ageMs: number } | null = null,
  ): Promise<BatchWindowRecord> {
    const [row] = await this.db.query<BatchHistoryRow[]>(
      `INSERT INTO batch_history (write_alias, kind, window_start, window_end, status, instance,
         held_by_session, held_age_ms)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $7) RETURNING *`,
      [writeAlias, kind, window.from, window.to, instance, heldBy?.session ?? null, heldBy?.ageMs ?? null],
    );
    return toRecord(row);
  }

  async finish(
    id: number,
    status: 'succeeded' | 'failed',
    counts: WindowCounts,
    error: string | null,
    refused: readonly RefusedId[] = [],
  ): Promise<BatchWindowRecord> {
    const [rows] = await this.db.query<[BatchHistoryRow[], number]>(
      `UPDATE batch_history SET status = $2, error = $3, finished_at = now(), ids_seen = $4, written = $5,
         stale = $6, deleted = $7, failed = $8, parents_seen = $9, products_expanded = $10, refused = $11::jsonb
       WHERE id = $1 RETURNING *`,
      [
        id,
        status,
        error,
        counts.idsSeen,
        counts.written,
        counts.stale,
        counts.deleted,
        counts.failed,
        counts.parentsSeen,
        counts.productsExpanded,
        JSON.stringify(refused.slice(0, 100)),
      ],
    );
    return toRecord(rows[0]);
  }

  /**
   * Marks running windows of the alias as failed. Only called while holding the alias's advisory
   * lock, which every running window's process holds: a running row seen then belongs to a process
   * that died mid-window.
   */
  async abandonRunning(writeAlias: string): Promise<number> {
    const [, count] = await this.db.query<[unknown[], number]>(
      `UPDATE batch_history SET status = 'failed', finished_at = now(),
         error = 'abandoned: the process running it ended before it finished'
       WHERE write_alias = $1 AND status = 'running'`,
      [writeAlias],
    );
    return Number(count) || 0;
  }

  async get(id: number): Promise<BatchWindowRecord | undefined> {
    const [row] = await this.db.query<BatchHistoryRow[]>('SELECT * FROM batch_history WHERE id = $1', [id]);
    return row ? toRecord(row) : undefined;
  }

  /** Newest first, keyset-paged on id. */
  async list(writeAlias: string, limit: number, before?: number): Promise<HistoryPage> {
    const rows = await this.db.query<BatchHistoryRow[]>(
      `SELECT * FROM batch_history WHERE write_alias = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [writeAlias, before ?? null, limit + 1],
    );
    const windows = rows.slice(0, limit).map(toRecord);
    return { windows, nextBefore: rows.length > limit ? windows[windows.length - 1].id : null };
  }
}
