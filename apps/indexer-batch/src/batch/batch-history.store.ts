import type { DataSource } from 'typeorm';
import type { HoppingWindow } from './hopping-window';
import type { BatchWindowRecord, RefusedId, WindowCounts, WindowKind, WindowStatus } from './batch-window';

type Raw = Record<string, unknown>;

const toRecord = (r: Raw): BatchWindowRecord => ({
  id: Number(r['id']),
  writeAlias: String(r['write_alias']),
  kind: r['kind'] as WindowKind,
  windowStart: new Date(r['window_start'] as string),
  windowEnd: new Date(r['window_end'] as string),
  startedAt: new Date(r['started_at'] as string),
  finishedAt: r['finished_at'] ? new Date(r['finished_at'] as string) : null,
  idsSeen: Number(r['ids_seen']),
  parentsSeen: Number(r['parents_seen'] ?? 0),
  productsExpanded: Number(r['products_expanded'] ?? 0),
  written: Number(r['written']),
  stale: Number(r['stale']),
  deleted: Number(r['deleted']),
  failed: Number(r['failed']),
  heldBySession: (r['held_by_session'] as string | null) ?? null,
  heldAgeMs: r['held_age_ms'] === null || r['held_age_ms'] === undefined ? null : Number(r['held_age_ms']),
  refused: (r['refused'] as RefusedId[] | undefined) ?? [],
  status: r['status'] as WindowStatus,
  error: (r['error'] as string | null) ?? null,
  instance: String(r['instance']),
});

export interface HistoryPage {
  windows: BatchWindowRecord[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** `batch_history` in the platform DB (raw SQL on PostgreSQL). */
export class BatchHistoryStore {
  constructor(private readonly db: DataSource) {}

  /** The end of the latest successful hop: where the next window starts (minus the overlap). */
  async lastSuccessEnd(writeAlias: string): Promise<Date | null> {
    const [row] = await this.db.query(
      `SELECT max(window_end) AS window_end FROM batch_history
       WHERE write_alias = $1 AND status = 'succeeded' AND kind = 'hop'`,
      [writeAlias],
    );
    return row?.window_end ? new Date(row.window_end) : null;
  }

  async start(
    writeAlias: string,
    window: HoppingWindow,
    kind: WindowKind,
    instance: string,
    heldBy: { session: string; ageMs: number } | null = null,
  ): Promise<BatchWindowRecord> {
    const [row] = await this.db.query(
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
    const [rows] = await this.db.query(
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
    const [, count] = await this.db.query(
      `UPDATE batch_history SET status = 'failed', finished_at = now(),
         error = 'abandoned: the process running it ended before it finished'
       WHERE write_alias = $1 AND status = 'running'`,
      [writeAlias],
    );
    return Number(count) || 0;
  }

  async get(id: number): Promise<BatchWindowRecord | undefined> {
    const [row] = await this.db.query('SELECT * FROM batch_history WHERE id = $1', [id]);
    return row ? toRecord(row) : undefined;
  }

  /** Newest first, keyset-paged on id. */
  async list(writeAlias: string, limit: number, before?: number): Promise<HistoryPage> {
    const rows: Raw[] = await this.db.query(
      `SELECT * FROM batch_history WHERE write_alias = $1 AND ($2::bigint IS NULL OR id < $2)
       ORDER BY id DESC LIMIT $3`,
      [writeAlias, before ?? null, limit + 1],
    );
    const windows = rows.slice(0, limit).map(toRecord);
    return { windows, nextBefore: rows.length > limit ? windows[windows.length - 1].id : null };
  }
}
