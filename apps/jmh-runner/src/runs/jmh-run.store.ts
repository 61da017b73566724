import type { JmhRun, JmhRunStatus } from '@keel/api-contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { JmhProfile } from '../harness/jmh-profile';
import { inIdOrder } from '../requests/requests';

/** What a run was asked to do, frozen at enqueue time so a resumed run does the same thing. */
export interface RunSettings {
  readonly profile: JmhProfile;
  /** Watchdog override per benchmark invocation (tests); otherwise derived from the profile. */
  readonly timeoutMs?: number;
}

export interface ClaimedRun extends JmhRun {
  readonly settings: RunSettings;
  readonly runDir: string | null;
}

/** `jmh_runs` as the run selects return it, with its result counts and crash logs. */
interface RunRow {
  id: string;
  build_id: string;
  profile: string;
  include: string;
  jar_path: string;
  settings: RunSettings;
  status: JmhRunStatus;
  attempts: number;
  worker: string | null;
  lease_until: Date | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  exit_code: number | null;
  error: string | null;
  run_dir: string | null;
  /** count(...): bigint, as text */
  result_count: string;
  crashed_count: string;
  hung_count: string;
  missing_count: string;
  crash_logs: string[];
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/**
 * `jmh_runs`, the run queue with its leases: the only code that writes it (several runners claim with
 * FOR UPDATE SKIP LOCKED). A run's result counts are read from `jmh_results`, written by JmhResultStore.
 */
export class JmhRunStore {
  constructor(private readonly db: DataSource) {}

  async enqueueRun(request: {
    buildId: string;
    profile: string;
    include: string;
    jarPath: string;
    settings: RunSettings;
  }): Promise<JmhRun> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO jmh_runs (id, build_id, profile, include, jar_path, settings) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        id,
        request.buildId,
        request.profile,
        request.include,
        request.jarPath,
        JSON.stringify(request.settings),
      ],
    );
    return (await this.runsByIds([id]))[0] as JmhRun;
  }

  /**
   * Takes the oldest queued run (or the given one), and any running run whose lease expired: its worker
   * died, so the run is resumed. FOR UPDATE SKIP LOCKED lets several runners claim without waiting on
   * each other. A run that already used `maxAttempts` is failed instead of retried forever.
   */
  async claimRun(
    worker: string,
    leaseMs: number,
    maxAttempts: number,
    runId?: string,
  ): Promise<ClaimedRun | null> {
    await this.db.query(
      `UPDATE jmh_runs SET status = 'failed', finished_at = now(), lease_until = NULL,
              error = coalesce(error, '') || 'lease expired after ' || attempts || ' attempts'
        WHERE status = 'running' AND lease_until < now() AND attempts >= $1`,
      [maxAttempts],
    );
    const rows = await this.db.query<{ id: string }[]>(
      `WITH claimed AS (UPDATE jmh_runs r
          SET status = 'running', attempts = r.attempts + 1, worker = $1,
              lease_until = now() + ($2::text || ' milliseconds')::interval,
              started_at = coalesce(r.started_at, now())
        WHERE r.id = (
          SELECT id FROM jmh_runs
           WHERE (status = 'queued' OR (status = 'running' AND lease_until < now()))
             AND ($3::uuid IS NULL OR id = $3::uuid)
           ORDER BY queued_at
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
        RETURNING r.id) SELECT id FROM claimed`,
      [worker, String(leaseMs), runId ?? null],
    );
    if (rows.length === 0) return null;
    const [row] = await this.db.query<RunRow[]>(`${RUN_SELECT} WHERE r.id = $1`, [rows[0].id]);
    return { ...toRun(row), settings: row.settings, runDir: row.run_dir };
  }

  /** Extends the lease of a run this worker holds; false when it lost the run. */
  async renewLease(runId: string, worker: string, leaseMs: number): Promise<boolean> {
    const rows = await this.db.query<{ id: string }[]>(
      `WITH renewed AS (UPDATE jmh_runs SET lease_until = now() + ($3::text || ' milliseconds')::interval
        WHERE id = $1 AND worker = $2 AND status = 'running' RETURNING id) SELECT id FROM renewed`,
      [runId, worker, String(leaseMs)],
    );
    return rows.length > 0;
  }

  async setRunDir(runId: string, dir: string): Promise<void> {
    await this.db.query('UPDATE jmh_runs SET run_dir = $2 WHERE id = $1', [runId, dir]);
  }

  async finishRun(
    runId: string,
    outcome: { status: 'done' | 'failed'; exitCode: number | null; error: string | null },
  ): Promise<void> {
    await this.db.query(
      `UPDATE jmh_runs SET status = $2, exit_code = $3, error = $4, finished_at = now(), lease_until = NULL
        WHERE id = $1`,
      [runId, outcome.status, outcome.exitCode, outcome.error],
    );
  }

  runsByIds(ids: readonly string[]): Promise<(JmhRun | null)[]> {
    return inIdOrder(ids, async (uuids) =>
      (await this.db.query<RunRow[]>(`${RUN_SELECT} WHERE r.id = ANY($1::uuid[])`, [uuids])).map(toRun),
    );
  }

  async listRuns(filter: {
    buildId: string;
    status?: JmhRunStatus;
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: JmhRun[] }> {
    const where = 'WHERE r.build_id = $1 AND ($2::text IS NULL OR r.status = $2)';
    const args = [filter.buildId, filter.status ?? null];
    const [{ total }]: { total: string }[] = await this.db.query(
      `SELECT count(*) AS total FROM jmh_runs r ${where}`,
      args,
    );
    const rows = await this.db.query<RunRow[]>(
      `${RUN_SELECT} ${where} ORDER BY r.queued_at DESC LIMIT $3 OFFSET $4`,
      [...args, filter.limit, filter.offset],
    );
    return { total: Number(total), items: rows.map(toRun) };
  }

  /** The newest finished run of a build, with the given profile when one is named. */
  async latestDoneRun(buildId: string, profile?: string): Promise<JmhRun | null> {
    const rows = await this.db.query<RunRow[]>(
      `${RUN_SELECT} WHERE r.build_id = $1 AND r.status = 'done' AND ($2::text IS NULL OR r.profile = $2)
        ORDER BY r.finished_at DESC LIMIT 1`,
      [buildId, profile ?? null],
    );
    return rows.length === 0 ? null : toRun(rows[0]);
  }
}

const RUN_SELECT = `
  SELECT r.*,
         (SELECT count(DISTINCT x.key) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'ok') AS result_count,
         (SELECT count(*) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'crashed') AS crashed_count,
         (SELECT count(*) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'hung') AS hung_count,
         (SELECT count(*) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'missing') AS missing_count,
         (SELECT coalesce(jsonb_agg(DISTINCT c), '[]'::jsonb)
            FROM jmh_results x, jsonb_array_elements_text(x.crash_logs) c WHERE x.run_id = r.id) AS crash_logs
    FROM jmh_runs r`;

function toRun(r: RunRow): JmhRun {
  return {
    id: r.id,
    buildId: r.build_id,
    profile: r.profile,
    include: r.include,
    jarPath: r.jar_path,
    status: r.status,
    attempts: r.attempts,
    queuedAt: r.queued_at.toISOString(),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    exitCode: r.exit_code,
    error: r.error,
    resultCount: Number(r.result_count ?? 0),
    crashedCount: Number(r.crashed_count ?? 0),
    hungCount: Number(r.hung_count ?? 0),
    missingCount: Number(r.missing_count ?? 0),
    resultFile: r.run_dir,
    logFile: r.run_dir,
    crashLogs: r.crash_logs ?? [],
  };
}
