import type { DataSource } from 'typeorm';
import type { BatchWindow, JobRestart, RecoveryRun } from './indexing.types';

type Raw = Record<string, unknown>;

const date = (value: unknown) => new Date(value as string);
const maybeDate = (value: unknown) => (value ? new Date(value as string) : null);

const toWindow = (r: Raw): BatchWindow => ({
  id: String(r['id']),
  writeAlias: String(r['write_alias']),
  kind: String(r['kind']),
  windowStart: date(r['window_start']),
  windowEnd: date(r['window_end']),
  startedAt: date(r['started_at']),
  finishedAt: maybeDate(r['finished_at']),
  status: String(r['status']),
  idsSeen: Number(r['ids_seen']),
  written: Number(r['written']),
  stale: Number(r['stale']),
  deleted: Number(r['deleted']),
  failed: Number(r['failed']),
  error: (r['error'] as string | null) ?? null,
  instance: String(r['instance']),
});

/** Progress and rate of a run from its recorded counters (pure). */
export function recoveryRunOf(r: Raw, nowMs = Date.now()): RecoveryRun {
  const rangesDone = Number(r['ranges_done']);
  const rangesTotal = Number(r['ranges_total']);
  const startedAt = date(r['started_at']);
  const finishedAt = maybeDate(r['finished_at']);
  const updatedAt = date(r['updated_at']);
  const docsWritten = Number(r['docs_written']);
  const docsDeleted = Number(r['docs_deleted']);
  const docsStale = Number(r['docs_stale']);
  const until = finishedAt ?? (r['status'] === 'running' ? new Date(nowMs) : updatedAt);
  const elapsedS = (until.getTime() - startedAt.getTime()) / 1000;
  return {
    id: String(r['id']),
    alias: String(r['alias']),
    index: String(r['index_name']),
    status: String(r['status']),
    phase: String(r['phase']),
    minId: Number(r['min_id']),
    maxId: Number(r['max_id']),
    rangesDone,
    rangesTotal,
    progress: rangesTotal > 0 ? Math.min(1, rangesDone / rangesTotal) : 1,
    docsWritten,
    docsDeleted,
    docsStale,
    docsPerSecond: elapsedS > 0 ? (docsWritten + docsDeleted + docsStale) / elapsedS : null,
    startedAt,
    updatedAt,
    finishedAt,
    previousIndex: (r['previous_index'] as string | null) ?? null,
    error: (r['error'] as string | null) ?? null,
  };
}

const toRestart = (r: Raw): JobRestart => ({
  id: String(r['id']),
  job: String(r['job']),
  reason: String(r['reason']),
  command: (typeof r['command'] === 'string' ? JSON.parse(r['command']) : r['command']) as string[],
  startedAt: date(r['started_at']),
  exitCode: r['exit_code'] === null ? null : Number(r['exit_code']),
  pid: r['pid'] === null ? null : Number(r['pid']),
});

/** An app that never ran on this DB has not created its table yet: that reads as "nothing". */
async function orEmpty<T>(read: Promise<T[]>): Promise<T[]> {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return [];
    throw error;
  }
}

/** Keyset cursor of a newest-first list: the last id seen, opaque to clients. */
export const encodeCursor = (id: string) => Buffer.from(`id:${id}`, 'utf8').toString('base64url');
export function decodeCursor(cursor: string): number | undefined {
  const match = /^id:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/**
 * What the gateway reads from the platform DB directly, read-only: the tables indexer-batch
 * (`batch_history`), indexer-recovery (`recovery_runs`) and the supervisor (`supervisor_restarts`)
 * own. Each read is one statement.
 */
export class PlatformReads {
  constructor(private readonly db: DataSource) {}

  async batchWindows(
    writeAlias: string,
    first: number,
    beforeId?: number,
  ): Promise<{ windows: BatchWindow[]; hasNextPage: boolean }> {
    const rows: Raw[] = await orEmpty(
      this.db.query(
        `SELECT * FROM batch_history WHERE write_alias = $1 AND ($2::bigint IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3`,
        [writeAlias, beforeId ?? null, first + 1],
      ),
    );
    return { windows: rows.slice(0, first).map(toWindow), hasNextPage: rows.length > first };
  }

  async recoveryRuns(
    alias: string,
    first: number,
    beforeId?: number,
  ): Promise<{ runs: RecoveryRun[]; hasNextPage: boolean }> {
    const rows: Raw[] = await orEmpty(
      this.db.query(
        `SELECT * FROM recovery_runs WHERE alias = $1 AND ($2::bigint IS NULL OR id < $2)
         ORDER BY id DESC LIMIT $3`,
        [alias, beforeId ?? null, first + 1],
      ),
    );
    return { runs: rows.slice(0, first).map((r) => recoveryRunOf(r)), hasNextPage: rows.length > first };
  }

  async recoveryRun(id: number): Promise<RecoveryRun | null> {
    const [row] = await orEmpty<Raw>(this.db.query('SELECT * FROM recovery_runs WHERE id = $1', [id]));
    return row ? recoveryRunOf(row) : null;
  }

  /** The newest `perJob` restarts of each job, in one statement (the DataLoader batch). */
  async restartsOfJobs(jobs: readonly string[], perJob: number): Promise<Map<string, JobRestart[]>> {
    const rows: Raw[] = await orEmpty(
      this.db.query(
        `SELECT * FROM (
           SELECT r.*, row_number() OVER (PARTITION BY job ORDER BY started_at DESC, id DESC) AS n
           FROM supervisor_restarts r WHERE job = ANY($1)
         ) t WHERE n <= $2 ORDER BY job, started_at DESC, id DESC`,
        [jobs, perJob],
      ),
    );
    const byJob = new Map<string, JobRestart[]>(jobs.map((job) => [job, []]));
    for (const row of rows) byJob.get(String(row['job']))?.push(toRestart(row));
    return byJob;
  }
}
