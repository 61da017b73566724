import {
  INDEXING_PATTERNS,
  type BatchWindowEntry,
  type BatchWindowsReply,
  type BatchWindowsRequest,
  type RecoveryRunEntry,
  type RecoveryRunRequest,
  type RecoveryRunsReply,
  type RecoveryRunsRequest,
  type SupervisorRestartEntry,
  type SupervisorRestartsReply,
  type SupervisorRestartsRequest,
} from '@keel/api-contracts';
import type { UpstreamClients } from '../upstream/upstream-clients';
import type { BatchWindow, JobRestart, RecoveryRun } from './indexing.types';

const maybeDate = (iso: string | null) => (iso === null ? null : new Date(iso));

export const batchWindowOf = (w: BatchWindowEntry): BatchWindow => ({
  ...w,
  id: String(w.id),
  windowStart: new Date(w.windowStart),
  windowEnd: new Date(w.windowEnd),
  startedAt: new Date(w.startedAt),
  finishedAt: maybeDate(w.finishedAt),
});

/** Progress and rate of a run from its recorded counters (pure). */
export function recoveryRunOf(r: RecoveryRunEntry, nowMs = Date.now()): RecoveryRun {
  const startedAt = new Date(r.startedAt);
  const finishedAt = maybeDate(r.finishedAt);
  const updatedAt = new Date(r.updatedAt);
  const until = finishedAt ?? (r.status === 'running' ? new Date(nowMs) : updatedAt);
  const elapsedS = (until.getTime() - startedAt.getTime()) / 1000;
  return {
    ...r,
    id: String(r.id),
    progress: r.rangesTotal > 0 ? Math.min(1, r.rangesDone / r.rangesTotal) : 1,
    docsPerSecond: elapsedS > 0 ? (r.docsWritten + r.docsDeleted + r.docsStale) / elapsedS : null,
    startedAt,
    updatedAt,
    finishedAt,
  };
}

export const jobRestartOf = (r: SupervisorRestartEntry): JobRestart => ({
  ...r,
  startedAt: new Date(r.startedAt),
});

/** Keyset cursor of a newest-first list: the last id seen, opaque to clients. */
export const encodeCursor = (id: string) => Buffer.from(`id:${id}`, 'utf8').toString('base64url');
export function decodeCursor(cursor: string): number | undefined {
  const match = /^id:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/**
 * The history tables of the indexing apps, asked of the app that owns each (RPC): indexer-batch
 * (`batch_history`), indexer-recovery (`recovery_runs`), the supervisor (`supervisor_restarts`).
 * The gateway never reads another app's table; an owner that is down fails only the fields that
 * need it (UPSTREAM_UNAVAILABLE).
 */
export class IndexingHistory {
  constructor(private readonly upstreams: UpstreamClients) {}

  async batchWindows(
    writeAlias: string,
    first: number,
    beforeId?: number,
  ): Promise<{ windows: BatchWindow[]; hasNextPage: boolean }> {
    const reply = await this.upstreams.send<BatchWindowsReply, BatchWindowsRequest>(
      'indexer-batch',
      INDEXING_PATTERNS.batchWindows,
      { writeAlias, first, beforeId: beforeId ?? null },
    );
    return { windows: reply.windows.map(batchWindowOf), hasNextPage: reply.hasNextPage };
  }

  async recoveryRuns(
    alias: string,
    first: number,
    beforeId?: number,
  ): Promise<{ runs: RecoveryRun[]; hasNextPage: boolean }> {
    const reply = await this.upstreams.send<RecoveryRunsReply, RecoveryRunsRequest>(
      'indexer-recovery',
      INDEXING_PATTERNS.recoveryRuns,
      { alias, first, beforeId: beforeId ?? null },
    );
    return { runs: reply.runs.map((r) => recoveryRunOf(r)), hasNextPage: reply.hasNextPage };
  }

  async recoveryRun(id: number): Promise<RecoveryRun | null> {
    const run = await this.upstreams.send<RecoveryRunEntry | null, RecoveryRunRequest>(
      'indexer-recovery',
      INDEXING_PATTERNS.recoveryRun,
      { id },
    );
    return run ? recoveryRunOf(run) : null;
  }

  /** The newest `perJob` restarts of each job, in one call (the DataLoader batch). */
  async restartsOfJobs(jobs: readonly string[], perJob: number): Promise<Map<string, JobRestart[]>> {
    const reply = await this.upstreams.send<SupervisorRestartsReply, SupervisorRestartsRequest>(
      'supervisor',
      INDEXING_PATTERNS.supervisorRestarts,
      { jobs: [...jobs], perJob },
    );
    return new Map(jobs.map((job) => [job, (reply.restartsByJob[job] ?? []).map(jobRestartOf)]));
  }
}
