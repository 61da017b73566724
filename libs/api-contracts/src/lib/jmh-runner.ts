/**
 * jmh-runner over @nestjs/microservices TCP (default port DEFAULT_RPC_PORTS['jmh-runner'] = 4005).
 * Send `{ cmd }` patterns with `ClientProxy.send(pattern, request)`. Every reply is plain JSON: IDs are
 * UUID strings, instants are ISO-8601 strings, and numbers that JMH or the statistics could not give
 * (NaN, infinite) are `null`. A refused request is answered with an RpcException carrying a
 * `JmhRunnerRpcError` (`{ code, message }`, the message names the field:
 * `JmhRunnerBadRequest: "buildId" Invalid uuid`).
 */

export const JMH_RUNNER_PATTERNS = {
  /** ListJmhBuildsRequest -> JmhBuildPage */
  listBuilds: { cmd: 'jmh-runner.builds.list' },
  /** JmhBuildsByIdsRequest -> (JmhBuild | null)[] in the order of the IDs asked (DataLoader batch). */
  buildsByIds: { cmd: 'jmh-runner.builds.by-ids' },
  /** ListJmhRunsRequest -> JmhRunPage */
  listRuns: { cmd: 'jmh-runner.runs.list' },
  /** JmhRunsByIdsRequest -> (JmhRun | null)[] in the order of the IDs asked (DataLoader batch). */
  runsByIds: { cmd: 'jmh-runner.runs.by-ids' },
  /** CompareJmhBuildsRequest -> JmhComparison (computed from stored results, then stored). */
  compare: { cmd: 'jmh-runner.compare' },
  /** JmhVerdictsRequest -> JmhVerdictPage: the verdicts of a stored comparison, filterable. */
  verdicts: { cmd: 'jmh-runner.verdicts' },
  /** JmhDigestRequest -> JmhDigest: crashes first, then regressions. */
  digest: { cmd: 'jmh-runner.digest' },
  /** EnqueueJmhRunRequest -> JmhRun (queued; a runner process executes it). */
  enqueueRun: { cmd: 'jmh-runner.runs.enqueue' },
} as const;

export type JmhRunnerRpcErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';

/** The error payload (RpcException) of a refused request. */
export interface JmhRunnerRpcError {
  code: JmhRunnerRpcErrorCode;
  message: string;
}

export type JmhRunnerPattern = (typeof JMH_RUNNER_PATTERNS)[keyof typeof JMH_RUNNER_PATTERNS];

/** Where a build was found: a local JDK directory, the drop folder, or the Adoptium v3 API. */
export type JmhBuildSource = 'local' | 'drop' | 'adoptium';

export interface JmhBuild {
  readonly id: string;
  readonly source: JmhBuildSource;
  /** Directory holding bin/java; null for an API-listed build not downloaded. */
  readonly javaHome: string | null;
  /** e.g. "temurin-25.0.3+9" or "debian-17.0.15+6": what tables and plots show. */
  readonly label: string;
  /** Display vendor from @keel/jdk-detect, e.g. "Eclipse Temurin"; null when not identified. */
  readonly vendor: string | null;
  /** Stable distribution id from @keel/jdk-detect, e.g. "temurin". */
  readonly distribution: string | null;
  /** JEP 223 full version, e.g. "25.0.3"; with `build` the identity of the release. */
  readonly version: string | null;
  readonly feature: number | null;
  readonly build: number | null;
  /** Release name from the API (e.g. "jdk-25.0.3+9"), or from the `release` file. */
  readonly releaseName: string | null;
  /** Archive link as listed by the API; only downloaded behind a flag. */
  readonly downloadUrl: string | null;
  readonly discoveredAt: string;
  readonly runCount: number;
  readonly latestRunStatus: JmhRunStatus | null;
}

export interface ListJmhBuildsRequest {
  readonly source?: JmhBuildSource;
  readonly feature?: number;
  /** Default 50, at most 500. */
  readonly limit?: number;
  readonly offset?: number;
}

export interface JmhBuildPage {
  readonly total: number;
  readonly items: JmhBuild[];
}

export interface JmhBuildsByIdsRequest {
  readonly ids: string[];
}

/**
 * queued -> running -> done | failed. `done` means JMH ran to its end: crashed, hung or missing
 * benchmarks are stored results inside a done run (see the counts). `failed` means the runner itself
 * could not run JMH (no java, unreadable jar); the reason is in `error`. A `running` run whose lease
 * expired is re-queued.
 */
export type JmhRunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JmhRun {
  readonly id: string;
  readonly buildId: string;
  /** Profile name from the config, e.g. "quick" or "full". */
  readonly profile: string;
  /** JMH include regex the run used. */
  readonly include: string;
  readonly jarPath: string;
  readonly status: JmhRunStatus;
  readonly attempts: number;
  readonly queuedAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Exit code of the harness JVM; null when it was killed or has not ended. */
  readonly exitCode: number | null;
  readonly error: string | null;
  /** Benchmark keys with a score. */
  readonly resultCount: number;
  readonly crashedCount: number;
  readonly hungCount: number;
  /** 1 when the include regex matched no benchmark (stored as a "missing" result). */
  readonly missingCount: number;
  /**
   * The run's own directory on the runner host (one JMH invocation per benchmark method, each with its
   * `<benchmark>.json` result file and `<benchmark>.log`); both fields name it, null before the run starts.
   */
  readonly resultFile: string | null;
  readonly logFile: string | null;
  /** hs_err_pid*.log files captured from the crashed forks. */
  readonly crashLogs: string[];
}

export interface EnqueueJmhRunRequest {
  readonly buildId: string;
  /** Profile name from the runner's config; default "quick". */
  readonly profile?: string;
  /** JMH include regex; default the profile's (Keel's whole suite). */
  readonly include?: string;
}

export interface ListJmhRunsRequest {
  readonly buildId: string;
  readonly status?: JmhRunStatus;
  readonly limit?: number;
  readonly offset?: number;
}

export interface JmhRunPage {
  readonly total: number;
  readonly items: JmhRun[];
}

export interface JmhRunsByIdsRequest {
  readonly ids: string[];
}

export type JmhVerdictStatus =
  'regression' | 'improvement' | 'no-change' | 'inconclusive' | 'missing' | 'crashed';

export interface JmhConfidenceInterval {
  readonly lower: number | null;
  readonly upper: number | null;
  /** e.g. 0.95 */
  readonly confidence: number;
}

/** One side of one benchmark key: its fork values (one per JVM), in the baseline's unit. */
export interface JmhSideSummary {
  readonly forkValues: number[];
  readonly mean: number | null;
  readonly droppedForks: number;
  readonly jdkVersion: string | null;
  readonly vmVersion: string | null;
}

/** The verdict of one benchmark + mode + params. */
export interface JmhVerdict {
  /** e.g. "dev.keel.jmh.CollectionsBenchmark.sortCopy [thrpt] {size=100}" */
  readonly key: string;
  readonly benchmark: string;
  readonly mode: string | null;
  readonly params: Record<string, string>;
  readonly status: JmhVerdictStatus;
  readonly reason: string;
  readonly unit: string | null;
  readonly direction: 'higher-is-better' | 'lower-is-better' | null;
  /** mean(candidate) / mean(baseline) in raw units. */
  readonly ratio: number | null;
  /** Direction-normalised: > 1 means the candidate is better. */
  readonly speedup: number | null;
  /** Bootstrap interval of `speedup`. */
  readonly speedupCi: JmhConfidenceInterval | null;
  readonly pValue: number | null;
  /** Benjamini–Hochberg adjusted across the suite. */
  readonly qValue: number | null;
  readonly test: 'welch' | 'mann-whitney';
  readonly baseline: JmhSideSummary | null;
  readonly candidate: JmhSideSummary | null;
}

export type JmhVerdictCounts = Record<JmhVerdictStatus, number>;

/** Either two builds (their latest done runs with the same profile) or two runs. */
export type CompareJmhBuildsRequest = (
  | { readonly baselineBuildId: string; readonly candidateBuildId: string; readonly profile?: string }
  | { readonly baselineRunId: string; readonly candidateRunId: string }
) & {
  /** Default 0.02. */
  readonly minEffect?: number;
  /** Default 0.05. */
  readonly fdr?: number;
  readonly test?: 'welch' | 'mann-whitney';
};

export interface JmhComparison {
  readonly id: string;
  readonly baselineBuildId: string;
  readonly candidateBuildId: string;
  readonly baselineRunId: string;
  readonly candidateRunId: string;
  readonly baselineLabel: string;
  readonly candidateLabel: string;
  /** False when the builds are different feature releases: a side-by-side, not a like-for-like. */
  readonly sameVersion: boolean;
  readonly minEffect: number;
  readonly fdr: number;
  readonly test: 'welch' | 'mann-whitney';
  readonly createdAt: string;
  readonly counts: JmhVerdictCounts;
  readonly verdicts: JmhVerdict[];
}

export interface JmhVerdictsRequest {
  readonly comparisonId: string;
  readonly status?: JmhVerdictStatus[];
  /** Substring of the key. */
  readonly benchmark?: string;
}

export interface JmhVerdictPage {
  readonly comparisonId: string;
  readonly total: number;
  readonly items: JmhVerdict[];
}

export interface JmhDigestRequest {
  readonly buildId: string;
  /** Baseline build; default: the predecessor (same distribution and feature, older version), else the
   * previously discovered build of the same feature. */
  readonly againstBuildId?: string;
  /** Put each plot's SVG text into the reply (default false: paths only). */
  readonly inlineSvg?: boolean;
}

export interface JmhDigestCrash {
  readonly runId: string;
  readonly benchmark: string;
  readonly kind: 'crashed' | 'hung' | 'missing';
  readonly reason: string;
  /** hs_err_pid*.log paths captured for this run. */
  readonly crashLogs: string[];
}

export interface JmhDigestPlot {
  readonly key: string;
  /** Path on the runner host. */
  readonly path: string;
  /** Present when `inlineSvg` was asked. */
  readonly svg?: string;
}

/** Digest of one build: crashes first, then regressions, then the rest of the verdicts. */
export interface JmhDigest {
  readonly build: JmhBuild;
  readonly against: JmhBuild | null;
  readonly comparisonId: string | null;
  readonly generatedAt: string;
  readonly crashes: JmhDigestCrash[];
  readonly regressions: JmhVerdict[];
  readonly improvements: JmhVerdict[];
  readonly counts: JmhVerdictCounts | null;
  readonly markdown: string;
  readonly plots: JmhDigestPlot[];
}
