import { type JmhFailure, type JmhResult, parseJmhLogFailures, parseJmhResults } from '@keel/jmh-analysis';
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  type JmhProfile,
  type ListedBenchmark,
  jmhArgs,
  parseBenchmarkList,
  watchdogMs,
} from './jmh-profile';
import { runWatched } from './watched-process';

const execFileAsync = promisify(execFile);

export class JmhJarUnusable extends Error {
  constructor(
    readonly jar: string,
    reason: string,
  ) {
    super(`JmhJarUnusable: ${jar}: ${reason}`);
    this.name = 'JmhJarUnusable';
  }
}

/** What one benchmark method's JMH invocation left behind. */
export interface BenchmarkOutcome {
  readonly benchmark: string;
  readonly results: JmhResult[];
  readonly failures: JmhFailure[];
  readonly crashLogs: string[];
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly resultFile: string;
  readonly logFile: string;
}

export interface ExecutorSettings {
  /** The JVM that runs the JMH harness (`java` on PATH by default); forks run the build under test. */
  readonly harnessJava: string;
  /** How long to wait for another JMH on this machine to release /tmp/jmh.lock; default 1 h. */
  readonly lockWaitMs?: number;
}

/** Lists the benchmarks of a jar that match a JMH include regex (`-lp`). Throws when the jar is unusable. */
export async function listBenchmarks(
  settings: ExecutorSettings,
  jar: string,
  include: string,
): Promise<ListedBenchmark[]> {
  try {
    await stat(jar);
  } catch {
    throw new JmhJarUnusable(jar, 'no such file (build it with "npx nx run jmh-benchmarks:build")');
  }
  try {
    const { stdout } = await execFileAsync(settings.harnessJava, ['-jar', jar, include, '-lp'], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return parseBenchmarkList(stdout);
  } catch (error) {
    throw new JmhJarUnusable(jar, `"java -jar ... -lp" failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * Runs one benchmark method (all its params and modes) as its own JMH invocation in `dir`, so a crash or
 * a hang costs that benchmark only. The fork JVMs run with `dir` as working directory, which is where
 * a crashing JVM writes hs_err_pid<pid>.log; those files are moved under the benchmark's name.
 */
export async function runBenchmark(
  settings: ExecutorSettings,
  request: {
    readonly jar: string;
    readonly forkJava: string;
    readonly benchmark: ListedBenchmark;
    readonly profile: JmhProfile;
    readonly dir: string;
    /** Overrides the profile's watchdog (tests). */
    readonly timeoutMs?: number;
    /** Distinguishes the files of several invocations of one benchmark (interleaved forks). */
    readonly fileSuffix?: string;
  },
): Promise<BenchmarkOutcome> {
  const { benchmark, profile, dir } = request;
  await mkdir(dir, { recursive: true });
  const base = `${benchmark.name.replace(/[^A-Za-z0-9_.-]/g, '_')}${request.fileSuffix ?? ''}`;
  const resultFile = path.join(dir, `${base}.json`);
  const logFile = path.join(dir, `${base}.log`);
  const before = new Set(await hsErrFiles(dir));
  const timeoutMs = request.timeoutMs ?? watchdogMs(profile, benchmark.paramSets);
  const args = jmhArgs(profile, {
    jar: request.jar,
    forkJava: request.forkJava,
    benchmark: benchmark.name,
    resultFile,
  });
  // JMH allows one instance per machine (/tmp/jmh.lock), and rightly so: two runs measure each other.
  // Another JMH holding it is a reason to wait our turn, not a crash of the benchmark.
  const lockDeadline = Date.now() + (settings.lockWaitMs ?? 3_600_000);
  let outcome;
  for (;;) {
    await rm(logFile, { force: true });
    await rm(resultFile, { force: true });
    outcome = await runWatched(settings.harnessJava, args, { cwd: dir, logFile, timeoutMs });
    if (outcome.exitCode === 0 || Date.now() > lockDeadline) break;
    const log = await readFile(logFile, 'utf8').catch(() => '');
    if (!log.includes('Unable to acquire the JMH lock')) break;
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
  }
  const crashLogs: string[] = [];
  for (const file of await hsErrFiles(dir)) {
    if (before.has(file)) continue;
    const target = path.join(dir, `${base}.${file}`);
    await rename(path.join(dir, file), target);
    crashLogs.push(target);
  }

  const log = await readFile(logFile, 'utf8').catch(() => '');
  const failures = parseJmhLogFailures(log);
  let results: JmhResult[] = [];
  const json = await readFile(resultFile, 'utf8').catch(() => undefined);
  if (json !== undefined && json.trim() !== '') {
    try {
      results = parseJmhResults(JSON.parse(json), resultFile);
    } catch (error) {
      failures.push({ benchmark: benchmark.name, kind: 'crashed', reason: (error as Error).message });
    }
  }
  const covered = (f: JmhFailure) => f.benchmark === benchmark.name;
  if (outcome.timedOut) {
    // the JSON is written at the very end, so a killed invocation has none: the whole method hung
    failures.push({
      benchmark: benchmark.name,
      kind: 'hung',
      reason: `no result after ${Math.round(timeoutMs / 1000)} s: the watchdog killed the JMH process tree`,
    });
  } else if (results.length === 0 && !failures.some(covered)) {
    const how =
      outcome.exitCode !== null ? `exit code ${outcome.exitCode}` : `signal ${outcome.signal ?? 'unknown'}`;
    failures.push({
      benchmark: benchmark.name,
      kind: 'crashed',
      reason: `JMH ended (${how}) without a result for the benchmark`,
    });
  }
  return {
    benchmark: benchmark.name,
    results,
    failures,
    crashLogs,
    exitCode: outcome.exitCode,
    timedOut: outcome.timedOut,
    durationMs: outcome.durationMs,
    resultFile,
    logFile,
  };
}

async function hsErrFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  return entries.filter((e) => /^hs_err_pid\d+\.log$/.test(e));
}
