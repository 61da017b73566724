import type { DataSource, Repository } from 'typeorm';
import { SupervisorRestart } from './supervisor-restart.entity';

export type NewSupervisorRestart = Pick<
  SupervisorRestart,
  'job' | 'reason' | 'command' | 'pid' | 'exitCode' | 'leaderSession'
>;

/** A row of the newest-per-job read, as PostgreSQL returns it (bigint as text, jsonb parsed). */
interface NewestRestartRow {
  id: string;
  job: string;
  reason: string;
  command: string[];
  started_at: Date;
  exit_code: number | null;
  pid: number | null;
  leader_session: string;
}

const restartOf = (row: NewestRestartRow): SupervisorRestart =>
  Object.assign(new SupervisorRestart(), {
    id: row.id,
    job: row.job,
    reason: row.reason,
    command: row.command,
    startedAt: row.started_at,
    exitCode: row.exit_code,
    pid: row.pid,
    leaderSession: row.leader_session,
  });

/**
 * `supervisor_restarts` in the platform DB: the only code that writes it (the leader records each
 * restart and its exit code) and the reads other apps ask for over RPC. Writes go through the
 * TypeORM entity; the newest-per-job read is one window-function statement in SQL.
 */
export class SupervisorRestartStore {
  private readonly repository: Repository<SupervisorRestart>;

  constructor(db: DataSource) {
    this.repository = db.getRepository(SupervisorRestart);
  }

  record(restart: NewSupervisorRestart): Promise<SupervisorRestart> {
    return this.repository.save(this.repository.create(restart));
  }

  async exited(id: string, exitCode: number): Promise<void> {
    await this.repository.update({ id }, { exitCode });
  }

  /** The newest `perJob` restarts of each job, newest first, in one statement. */
  async newestOfJobs(jobs: readonly string[], perJob: number): Promise<Map<string, SupervisorRestart[]>> {
    const rows: NewestRestartRow[] = await this.repository.query(
      `SELECT id, job, reason, command, started_at, exit_code, pid, leader_session FROM (
         SELECT r.*, row_number() OVER (PARTITION BY job ORDER BY started_at DESC, id DESC) AS n
         FROM supervisor_restarts r WHERE job = ANY($1)
       ) t WHERE n <= $2 ORDER BY job, started_at DESC, id DESC`,
      [jobs, perJob],
    );
    const byJob = new Map<string, SupervisorRestart[]>(jobs.map((job) => [job, []]));
    for (const row of rows) byJob.get(row.job)?.push(restartOf(row));
    return byJob;
  }
}
