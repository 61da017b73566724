/** The phases of a rebuild, in order. A killed run resumes at its phase (and, in `ranges`, its cursor). */
export type RecoveryPhase = 'ranges' | 'catch-up' | 'verify' | 'swap' | 'done';
/** `failed` waits for an explicit retry or abandon; `abandoned` is never resumed. */
export type RecoveryStatus = 'running' | 'failed' | 'succeeded' | 'abandoned';

/** One rebuild of an alias, as recorded in the platform DB's `recovery_runs`. */
export interface RecoveryRun {
  id: number;
  alias: string;
  index: string;
  status: RecoveryStatus;
  phase: RecoveryPhase;
  minId: number;
  maxId: number;
  batchSize: number;
  /** Ranges above this id are done; the next range ends here. Below minId when all are done. */
  nextToId: number;
  rangesDone: number;
  rangesTotal: number;
  docsWritten: number;
  docsDeleted: number;
  docsStale: number;
  /** Rows changed at or after this instant (shop DB clock) are caught up before the swap. */
  catchUpFrom: Date;
  /** The end of the last finished catch-up (shop DB clock): the next one starts here minus the overlap. */
  caughtUpTo: Date | null;
  swappedAt: Date | null;
  rolledBackAt: Date | null;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  previousIndex: string | null;
  error: string | null;
}

export interface RecoveryProgress {
  run: RecoveryRun;
  docsPerSecond: number;
  etaSeconds: number | null;
}

/** Rate and ETA from what this process did since it started or resumed (pure). */
export function progressOf(
  run: RecoveryRun,
  resumedAt: { ms: number; rangesDone: number; docs: number },
  nowMs: number,
): RecoveryProgress {
  const elapsedS = Math.max(0.001, (nowMs - resumedAt.ms) / 1000);
  const docs = run.docsWritten + run.docsDeleted + run.docsStale - resumedAt.docs;
  const ranges = run.rangesDone - resumedAt.rangesDone;
  const remaining = run.rangesTotal - run.rangesDone;
  return {
    run,
    docsPerSecond: docs / elapsedS,
    etaSeconds: ranges > 0 ? (remaining * elapsedS) / ranges : null,
  };
}
