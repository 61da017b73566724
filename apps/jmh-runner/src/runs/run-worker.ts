import type { JmhRun } from '@keel/api-contracts';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { type ExecutorSettings, JmhJarUnusable, listBenchmarks, runBenchmark } from '../harness/jmh-executor';
import type { JmhProfile } from '../harness/jmh-profile';
import type { JmhStores } from '../requests/jmh-runner.service';
import type { StoredOutcome } from './jmh-result.store';
import type { ClaimedRun } from './jmh-run.store';

export interface RunWorkerSettings extends ExecutorSettings {
  /** Each run gets its own directory here: one .json and one .log per benchmark, plus hs_err files. */
  readonly workDir: string;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  readonly workerId?: string;
}

export interface RunProgress {
  (event: { runId: string; benchmark: string; index: number; total: number; outcome: string }): void;
}

/**
 * Claims queued runs and executes them, one benchmark method per JMH invocation, storing each
 * benchmark's outcome as soon as it is known. A worker that dies leaves its run `running` with a lease
 * that expires; the next claim resumes it and skips the benchmarks already stored.
 */
export class RunWorker {
  readonly workerId: string;

  constructor(
    private readonly stores: JmhStores,
    private readonly settings: RunWorkerSettings,
  ) {
    this.workerId = settings.workerId ?? `${hostname()}:${process.pid}`;
  }

  /** Claims and executes runs until none is left; returns the runs it finished. */
  async drain(onProgress?: RunProgress): Promise<JmhRun[]> {
    const finished: JmhRun[] = [];
    for (;;) {
      const run = await this.stores.runs.claimRun(
        this.workerId,
        this.settings.leaseMs,
        this.settings.maxAttempts,
      );
      if (run === null) return finished;
      finished.push(await this.execute(run, onProgress));
    }
  }

  /** Claims one specific run (the CLI's `run`) and executes it; null when someone else holds it. */
  async runOne(runId: string, onProgress?: RunProgress): Promise<JmhRun | null> {
    const run = await this.stores.runs.claimRun(
      this.workerId,
      this.settings.leaseMs,
      this.settings.maxAttempts,
      runId,
    );
    return run === null ? null : this.execute(run, onProgress);
  }

  async execute(run: ClaimedRun, onProgress?: RunProgress): Promise<JmhRun> {
    const renew = setInterval(
      () => {
        void this.stores.runs.renewLease(run.id, this.workerId, this.settings.leaseMs).catch(() => undefined);
      },
      Math.max(1000, Math.floor(this.settings.leaseMs / 3)),
    );
    try {
      const [build] = await this.stores.builds.buildsByIds([run.buildId]);
      if (build === null || build === undefined || build.javaHome === null) {
        await this.stores.runs.finishRun(run.id, {
          status: 'failed',
          exitCode: null,
          error: `build ${run.buildId} has no java home (listed from an API and not downloaded?)`,
        });
        return this.reload(run.id);
      }
      const dir = run.runDir ?? path.join(this.settings.workDir, 'runs', run.id);
      await mkdir(dir, { recursive: true });
      if (run.runDir === null) await this.stores.runs.setRunDir(run.id, dir);

      const profile: JmhProfile = { ...run.settings.profile, include: run.include };
      let listed;
      try {
        listed = await listBenchmarks(this.settings, run.jarPath, run.include);
      } catch (error) {
        if (!(error instanceof JmhJarUnusable)) throw error;
        await this.stores.runs.finishRun(run.id, { status: 'failed', exitCode: null, error: error.message });
        return this.reload(run.id);
      }
      if (listed.length === 0) {
        const missing: StoredOutcome = {
          kind: 'missing',
          benchmark: run.include,
          reason: `the include regex "${run.include}" matches no benchmark in ${run.jarPath}`,
        };
        await this.stores.results.saveOutcomes(run.id, [missing], {});
        onProgress?.({ runId: run.id, benchmark: run.include, index: 0, total: 0, outcome: 'missing' });
      }
      const done = await this.stores.results.doneBenchmarks(run.id);
      let lastExit: number | null = 0;
      for (const [index, benchmark] of listed.entries()) {
        if (done.has(benchmark.name)) continue;
        const outcome = await runBenchmark(this.settings, {
          jar: run.jarPath,
          forkJava: path.join(build.javaHome, 'bin', 'java'),
          benchmark,
          profile,
          dir,
          timeoutMs: run.settings.timeoutMs,
        });
        if (outcome.exitCode !== 0) lastExit = outcome.exitCode;
        const stored: StoredOutcome[] = [
          ...outcome.results.map((result): StoredOutcome => ({ kind: 'ok', result })),
          ...outcome.failures.map((failure): StoredOutcome => ({ kind: failure.kind, failure })),
        ];
        await this.stores.results.saveOutcomes(run.id, stored, {
          resultFile: outcome.resultFile,
          logFile: outcome.logFile,
          crashLogs: outcome.crashLogs,
          durationMs: outcome.durationMs,
        });
        onProgress?.({
          runId: run.id,
          benchmark: benchmark.name,
          index: index + 1,
          total: listed.length,
          outcome: outcome.timedOut
            ? 'hung'
            : outcome.failures.length > 0
              ? `crashed (${outcome.failures.map((f) => f.reason).join('; ')})`
              : `${outcome.results.length} result(s) in ${(outcome.durationMs / 1000).toFixed(1)} s`,
        });
      }
      await this.stores.runs.finishRun(run.id, { status: 'done', exitCode: lastExit, error: null });
      return this.reload(run.id);
    } finally {
      // when the runner itself breaks (DB, disk) the run stays claimed and its lease expires: it is retried
      clearInterval(renew);
    }
  }

  private async reload(id: string): Promise<JmhRun> {
    return (await this.stores.runs.runsByIds([id]))[0] as JmhRun;
  }
}
