import { backoffDelayMs, type BackoffPolicy } from '@keel/service-runtime';
import type { ExpectedJob } from './expected-jobs';

/** What the supervisor remembers about one job between observations. */
export interface JobSupervisionState {
  /** Since when (epoch ms) the job has had fewer live instances than required; null when healthy. */
  belowSinceMs: number | null;
  /** Since when it has had enough; null when below. */
  healthySinceMs: number | null;
  /** Restarts since the job last stayed healthy for `resetAfterMs`: drives the backoff. */
  attempt: number;
  lastRestartAtMs: number | null;
}

export interface RestartBackoff extends BackoffPolicy {
  /** A job healthy for this long starts again from the base delay. */
  resetAfterMs: number;
}

export type RestartDecision =
  | { action: 'none'; state: JobSupervisionState }
  | { action: 'wait'; state: JobSupervisionState; untilMs: number; reason: string }
  | { action: 'restart'; state: JobSupervisionState; reason: string; attempt: number };

export const initialSupervisionState = (): JobSupervisionState => ({
  belowSinceMs: null,
  healthySinceMs: null,
  attempt: 0,
  lastRestartAtMs: null,
});

/** The delay that must pass after the `attempt`-th restart before the next one (attempt >= 1). */
export function delayAfterRestartMs(attempt: number, backoff: BackoffPolicy): number {
  return backoffDelayMs(Math.max(attempt, 1), backoff);
}

/**
 * Decides, from one observation (`live` instances at `nowMs`), whether to restart a job now.
 * Pure: the caller keeps the returned state and feeds it back with the next observation.
 *
 * - enough instances: nothing to do; after `resetAfterMs` of health the backoff starts over;
 * - too few for less than `graceMs`: wait (a rolling deploy or a slow start is not a failure);
 * - too few for longer, but a restart happened less than the backoff delay ago: wait;
 * - otherwise restart. The grace period starts again at the restart, so the restarted process
 *   gets `graceMs` to register before the next attempt (and at least the backoff delay).
 */
export function decideRestart(
  job: Pick<ExpectedJob, 'name' | 'minInstances' | 'graceMs'>,
  previous: JobSupervisionState,
  live: number,
  nowMs: number,
  backoff: RestartBackoff,
): RestartDecision {
  if (live >= job.minInstances) {
    const healthySinceMs = previous.healthySinceMs ?? nowMs;
    const reset = previous.attempt > 0 && nowMs - healthySinceMs >= backoff.resetAfterMs;
    return {
      action: 'none',
      state: { ...previous, belowSinceMs: null, healthySinceMs, attempt: reset ? 0 : previous.attempt },
    };
  }

  const belowSinceMs = previous.belowSinceMs ?? nowMs;
  const state: JobSupervisionState = { ...previous, belowSinceMs, healthySinceMs: null };
  const shortBy = `${live} of ${job.minInstances} instances live`;
  const graceEndsMs = belowSinceMs + job.graceMs;
  if (nowMs < graceEndsMs) {
    return { action: 'wait', state, untilMs: graceEndsMs, reason: `${shortBy}, within the grace period` };
  }
  if (previous.lastRestartAtMs !== null && previous.attempt > 0) {
    const backoffEndsMs = previous.lastRestartAtMs + delayAfterRestartMs(previous.attempt, backoff);
    if (nowMs < backoffEndsMs) {
      return { action: 'wait', state, untilMs: backoffEndsMs, reason: `${shortBy}, backing off` };
    }
  }
  const attempt = previous.attempt + 1;
  const belowForMs = nowMs - belowSinceMs;
  return {
    action: 'restart',
    attempt,
    reason: `${shortBy} for ${belowForMs} ms (grace ${job.graceMs} ms); restart #${attempt}`,
    state: { belowSinceMs: nowMs, healthySinceMs: null, attempt, lastRestartAtMs: nowMs },
  };
}

/**
 * Folds a restart recorded by another supervisor (a previous leader) into our state, so a new
 * leader neither repeats a restart the old one just made nor forgets how far the backoff had gone.
 */
export function adoptRecordedRestart(
  state: JobSupervisionState,
  recorded: { attempt: number; lastRestartAtMs: number },
): JobSupervisionState {
  if (state.lastRestartAtMs !== null && state.lastRestartAtMs >= recorded.lastRestartAtMs) return state;
  return {
    ...state,
    attempt: Math.max(state.attempt, recorded.attempt),
    lastRestartAtMs: recorded.lastRestartAtMs,
    // the restarted process gets its grace period from the recorded restart
    belowSinceMs: state.belowSinceMs === null ? null : Math.max(state.belowSinceMs, recorded.lastRestartAtMs),
  };
}
