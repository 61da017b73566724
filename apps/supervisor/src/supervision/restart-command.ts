import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { ExpectedJob } from './expected-jobs';

export interface StartedCommand {
  pid: number | null;
  /** Settles with the exit code (127 when it could not be started; a signal counts as 128 + n). */
  exit: Promise<number>;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Runs a job's restart command detached (its own process group, no shell), so the job outlives
 * the supervisor: locally `node dist/apps/<app>/main.js`, on Kubernetes
 * `kubectl rollout restart deployment/<app>`. The supervisor's own PORT is not passed on.
 */
export function startRestartCommand(
  job: ExpectedJob,
  baseEnv: NodeJS.ProcessEnv = process.env,
): StartedCommand {
  const env: NodeJS.ProcessEnv = { ...baseEnv, ...job.env };
  if (!job.env?.['PORT']) delete env['PORT'];
  const out = job.logFile ? openSync(job.logFile, 'a') : 'ignore';
  try {
    const [command, ...args] = job.restartCommand as [string, ...string[]];
    const child = spawn(command, args, { cwd: job.cwd, env, detached: true, stdio: ['ignore', out, out] });
    const exit = new Promise<number>((resolve) => {
      child.once('error', () => resolve(127));
      child.once('exit', (code, signal) => resolve(code ?? 128 + (SIGNALS[signal ?? ''] ?? 0)));
    });
    child.unref();
    return { pid: child.pid ?? null, exit };
  } finally {
    if (typeof out === 'number') closeSync(out);
  }
}
