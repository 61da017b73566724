import type { JmhBuild, JmhRun } from '@keel/api-contracts';
import type { JmhFailure, JmhResult } from '@keel/jmh-analysis';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type ExecutorSettings, listBenchmarks, runBenchmark } from '../harness/jmh-executor';
import { mergeForkResults, uniqueFailures } from '../harness/merge-results';
import type { JmhStores } from '../requests/jmh-runner.service';
import type { StoredOutcome } from './jmh-result.store';
import type { ClaimedRun } from './jmh-run.store';
import type { RunProgress } from './run-worker';

interface Side {
  readonly run: ClaimedRun;
  readonly build: JmhBuild;
  readonly dir: string;
}

/**
 * Runs two builds' runs (same jar, include and profile) fork by fork in alternation: A fork 1, B fork 1,
 * A fork 2, ... each fork its own one-fork JMH invocation. Whatever else loads the machine then drifts
 * over both sides alike instead of landing on whichever build ran second: on a shared machine, runs
 * done one after the other differ by more than two builds do (see the README's A/A figures).
 */
export async function executeInterleaved(
  stores: JmhStores,
  settings: ExecutorSettings & { readonly workDir: string; readonly leaseMs: number },
  workerId: string,
  runs: readonly [ClaimedRun, ClaimedRun],
  onProgress?: RunProgress,
): Promise<[JmhRun, JmhRun]> {
  const renew = setInterval(
    () => {
      for (const r of runs)
        void stores.runs.renewLease(r.id, workerId, settings.leaseMs).catch(() => undefined);
    },
    Math.max(1000, Math.floor(settings.leaseMs / 3)),
  );
  try {
    const sides: Side[] = [];
    for (const run of runs) {
      const [build] = await stores.builds.buildsByIds([run.buildId]);
      if (!build?.javaHome) throw new Error(`build ${run.buildId} has no java home`);
      const dir = run.runDir ?? path.join(settings.workDir, 'runs', run.id);
      await mkdir(dir, { recursive: true });
      if (run.runDir === null) await stores.runs.setRunDir(run.id, dir);
      sides.push({ run, build, dir });
    }
    const [a] = runs;
    const profile = { ...a.settings.profile, include: a.include };
    const listed = await listBenchmarks(settings, a.jarPath, a.include);
    if (listed.length === 0) {
      for (const side of sides)
        await stores.results.saveOutcomes(
          side.run.id,
          [
            {
              kind: 'missing',
              benchmark: a.include,
              reason: `the include regex "${a.include}" matches no benchmark in ${a.jarPath}`,
            },
          ],
          {},
        );
    }
    for (const [index, benchmark] of listed.entries()) {
      const results: JmhResult[][][] = sides.map(() => []);
      const failures: JmhFailure[][] = sides.map(() => []);
      const crashLogs: string[][] = sides.map(() => []);
      let durationMs = 0;
      for (let fork = 0; fork < profile.forks; fork++) {
        for (const [s, side] of sides.entries()) {
          // a side whose fork crashed or hung has its result: the benchmark is broken on that build
          if (failures[s].length > 0) continue;
          const outcome = await runBenchmark(settings, {
            jar: side.run.jarPath,
            forkJava: path.join(side.build.javaHome as string, 'bin', 'java'),
            benchmark,
            profile: { ...profile, forks: 1 },
            dir: side.dir,
            timeoutMs: side.run.settings.timeoutMs,
            fileSuffix: `.fork${fork + 1}`,
          });
          durationMs += outcome.durationMs;
          results[s].push(outcome.results);
          failures[s].push(...outcome.failures);
          crashLogs[s].push(...outcome.crashLogs);
        }
      }
      for (const [s, side] of sides.entries()) {
        const stored: StoredOutcome[] =
          failures[s].length > 0
            ? uniqueFailures(failures[s]).map((failure): StoredOutcome => ({ kind: failure.kind, failure }))
            : mergeForkResults(results[s]).map((result): StoredOutcome => ({ kind: 'ok', result }));
        await stores.results.saveOutcomes(side.run.id, stored, {
          resultFile: side.dir,
          logFile: side.dir,
          crashLogs: crashLogs[s],
          durationMs,
        });
      }
      onProgress?.({
        runId: sides.map((s) => s.run.id.slice(0, 8)).join('+'),
        benchmark: benchmark.name,
        index: index + 1,
        total: listed.length,
        outcome: sides
          .map((side, s) => `${side.build.label}: ${failures[s].length > 0 ? failures[s][0].kind : 'ok'}`)
          .join(', '),
      });
    }
    for (const r of runs) await stores.runs.finishRun(r.id, { status: 'done', exitCode: 0, error: null });
    const [ra, rb] = await stores.runs.runsByIds(runs.map((r) => r.id));
    return [ra as JmhRun, rb as JmhRun];
  } finally {
    clearInterval(renew);
  }
}
