import type {
  JmhBuild,
  JmhBuildSource,
  JmhComparison,
  JmhRun,
  JmhRunStatus,
  JmhVerdict,
  JmhVerdictCounts,
} from '@keel/api-contracts';
import type { JmhFailure, JmhMode, JmhResult } from '@keel/jmh-analysis';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { JmhProfile } from '../harness/jmh-profile';

/** A build as discovered, before it has an id: what the contract shows, plus how it was found. */
export type NewBuild = Omit<JmhBuild, 'id' | 'discoveredAt' | 'runCount' | 'latestRunStatus'> & {
  readonly identity: string;
  readonly checksum: string | null;
  readonly detection: unknown;
};

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

/** One stored row of jmh_results: a score with its raw forks, or why there is none. */
export type StoredOutcome =
  | { readonly kind: 'ok'; readonly result: JmhResult }
  | { readonly kind: 'crashed' | 'hung'; readonly failure: JmhFailure }
  | { readonly kind: 'missing'; readonly benchmark: string; readonly reason: string };

export interface StoredResultRow {
  readonly runId: string;
  readonly key: string;
  readonly benchmark: string;
  readonly status: 'ok' | 'crashed' | 'hung' | 'missing';
  readonly reason: string | null;
  readonly crashLogs: string[];
}

/** `jmh_builds` as the build selects return it, with the run count and the newest run's status. */
interface BuildRow {
  id: string;
  identity: string;
  source: JmhBuildSource;
  java_home: string | null;
  label: string;
  vendor: string | null;
  distribution: string | null;
  version: string | null;
  feature: number | null;
  build: number | null;
  release_name: string | null;
  download_url: string | null;
  checksum: string | null;
  detection: unknown;
  discovered_at: Date;
  /** count(*): bigint, as text */
  run_count: string;
  latest_run_status: JmhRunStatus | null;
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

/** A metric as stored in `jmh_results.secondary`: JSON has no NaN, so a missing score is null. */
interface StoredMetric {
  unit: string;
  score: number | null;
  forks: (number | null)[][];
}

/** A `jmh_results` row. */
interface ResultRow {
  id: string;
  run_id: string;
  key: string;
  benchmark: string;
  mode: JmhMode | null;
  params: Record<string, string> | null;
  status: StoredResultRow['status'];
  reason: string | null;
  unit: string | null;
  score: number | null;
  forks: (number | null)[][] | null;
  secondary: Record<string, StoredMetric> | null;
  threads: number | null;
  jvm: string | null;
  jdk_version: string | null;
  vm_name: string | null;
  vm_version: string | null;
  result_file: string | null;
  log_file: string | null;
  crash_logs: string[];
  duration_ms: number | null;
  created_at: Date;
}

/** A `jmh_comparisons` row. */
interface ComparisonRow {
  id: string;
  baseline_run_id: string;
  candidate_run_id: string;
  baseline_build_id: string;
  candidate_build_id: string;
  baseline_label: string;
  candidate_label: string;
  same_version: boolean;
  min_effect: number;
  fdr: number;
  test: JmhComparison['test'];
  counts: JmhVerdictCounts;
  verdicts: JmhVerdict[];
  created_at: Date;
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** JSON has no NaN: JMH's "NaN" iterations are stored as null and come back as NaN. */
const nanToNull = (forks: number[][]): (number | null)[][] =>
  forks.map((f) => f.map((v) => (Number.isFinite(v) ? v : null)));
const nullToNan = (forks: (number | null)[][] | null): number[][] =>
  (forks ?? []).map((f) => f.map((v) => v ?? Number.NaN));

export function failureKey(f: Pick<JmhFailure, 'benchmark' | 'mode' | 'params'>): string {
  const params = f.params ?? {};
  const text = Object.keys(params)
    .sort()
    .map((n) => `${n}=${params[n]}`)
    .join(', ');
  return `${f.benchmark} [${f.mode ?? 'any'}]${text === '' ? '' : ` {${text}}`}`;
}

/**
 * jmh-runner's tables (`jmh_builds`, `jmh_runs`, `jmh_results`, `jmh_comparisons`) in the platform DB:
 * the only code that reads or writes them (the gateway and jdk-inventory ask jmh-runner over RPC). Raw
 * SQL over PostgreSQL, every statement here; each counts in keel_db_queries_total.
 */
export class JmhStore {
  constructor(private readonly db: DataSource) {}

  // ---- builds ----

  /** Inserts a build unless its identity is known; returns it and whether it is new. */
  async upsertBuild(build: NewBuild): Promise<{ build: JmhBuild; created: boolean }> {
    const inserted = await this.db.query<{ id: string }[]>(
      `INSERT INTO jmh_builds (id, identity, source, java_home, label, vendor, distribution, version, feature,
                               build, release_name, download_url, checksum, detection)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (identity) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        build.identity,
        build.source,
        build.javaHome,
        build.label,
        build.vendor,
        build.distribution,
        build.version,
        build.feature,
        build.build,
        build.releaseName,
        build.downloadUrl,
        build.checksum,
        JSON.stringify(build.detection ?? {}),
      ],
    );
    if (inserted.length === 0 && build.javaHome !== null) {
      // a downloaded API build gains its java home
      await this.db.query('UPDATE jmh_builds SET java_home = $2 WHERE identity = $1 AND java_home IS NULL', [
        build.identity,
        build.javaHome,
      ]);
    }
    const rows = await this.db.query<BuildRow[]>(`${BUILD_SELECT} WHERE b.identity = $1`, [build.identity]);
    return { build: toBuild(rows[0]), created: inserted.length > 0 };
  }

  async buildsByIds(ids: readonly string[]): Promise<(JmhBuild | null)[]> {
    const valid = ids.filter(isUuid);
    const rows =
      valid.length === 0
        ? []
        : await this.db.query<BuildRow[]>(`${BUILD_SELECT} WHERE b.id = ANY($1::uuid[])`, [valid]);
    const byId = new Map(rows.map((r) => [r.id, toBuild(r)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async findBuild(idOrHome: string): Promise<JmhBuild | null> {
    const rows = isUuid(idOrHome)
      ? await this.db.query<BuildRow[]>(`${BUILD_SELECT} WHERE b.id = $1`, [idOrHome])
      : await this.db.query<BuildRow[]>(
          `${BUILD_SELECT} WHERE b.java_home = $1 OR b.label = $1 ORDER BY b.discovered_at LIMIT 1`,
          [idOrHome],
        );
    return rows.length === 0 ? null : toBuild(rows[0]);
  }

  async listBuilds(filter: {
    source?: JmhBuildSource;
    feature?: number;
    limit: number;
    offset: number;
  }): Promise<{ total: number; items: JmhBuild[] }> {
    const where = 'WHERE ($1::text IS NULL OR b.source = $1) AND ($2::int IS NULL OR b.feature = $2)';
    const args = [filter.source ?? null, filter.feature ?? null];
    const [{ total }]: { total: string }[] = await this.db.query(
      `SELECT count(*) AS total FROM jmh_builds b ${where}`,
      args,
    );
    const rows = await this.db.query<BuildRow[]>(
      `${BUILD_SELECT} ${where} ORDER BY b.feature DESC NULLS LAST, b.discovered_at DESC LIMIT $3 OFFSET $4`,
      [...args, filter.limit, filter.offset],
    );
    return { total: Number(total), items: rows.map(toBuild) };
  }

  /** Every build of the same feature release except this one, oldest first (for the predecessor). */
  async sameFeatureBuilds(build: JmhBuild): Promise<JmhBuild[]> {
    const rows = await this.db.query<BuildRow[]>(
      `${BUILD_SELECT} WHERE b.feature = $1 AND b.id <> $2 ORDER BY b.discovered_at`,
      [build.feature, build.id],
    );
    return rows.map(toBuild);
  }

  // ---- runs ----

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

  async runsByIds(ids: readonly string[]): Promise<(JmhRun | null)[]> {
    const valid = ids.filter(isUuid);
    const rows =
      valid.length === 0
        ? []
        : await this.db.query<RunRow[]>(`${RUN_SELECT} WHERE r.id = ANY($1::uuid[])`, [valid]);
    const byId = new Map(rows.map((r) => [r.id, toRun(r)]));
    return ids.map((id) => byId.get(id) ?? null);
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

  // ---- results ----

  /** Stores one benchmark's outcomes; a resumed run overwrites what it redid. */
  async saveOutcomes(
    runId: string,
    outcomes: readonly StoredOutcome[],
    files: { resultFile?: string; logFile?: string; crashLogs?: string[]; durationMs?: number },
  ): Promise<void> {
    for (const o of outcomes) {
      const common = [
        runId,
        files.resultFile ?? null,
        files.logFile ?? null,
        JSON.stringify(files.crashLogs ?? []),
      ];
      if (o.kind === 'ok') {
        const r = o.result;
        await this.db.query(
          `INSERT INTO jmh_results (run_id, result_file, log_file, crash_logs, key, benchmark, mode, params, status,
                                    unit, score, forks, secondary, threads, jvm, jdk_version, vm_name, vm_version,
                                    duration_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'ok', $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
           ON CONFLICT (run_id, key) DO UPDATE SET status = 'ok', reason = NULL, unit = EXCLUDED.unit,
             score = EXCLUDED.score, forks = EXCLUDED.forks, secondary = EXCLUDED.secondary,
             crash_logs = EXCLUDED.crash_logs, created_at = now()`,
          [
            ...common,
            r.key,
            r.benchmark,
            r.mode,
            JSON.stringify(r.params),
            r.primary.unit,
            Number.isFinite(r.primary.score) ? r.primary.score : null,
            JSON.stringify(nanToNull(r.primary.forks)),
            JSON.stringify(
              Object.fromEntries(
                Object.entries(r.secondary).map(([n, m]) => [
                  n,
                  { ...m, score: finiteOrNull(m.score), forks: nanToNull(m.forks) },
                ]),
              ),
            ),
            r.threads ?? null,
            r.jvm ?? null,
            r.jdkVersion ?? null,
            r.vmName ?? null,
            r.vmVersion ?? null,
            files.durationMs ?? null,
          ],
        );
      } else {
        const key = o.kind === 'missing' ? `${o.benchmark} [missing]` : failureKey(o.failure);
        const benchmark = o.kind === 'missing' ? o.benchmark : o.failure.benchmark;
        const mode = o.kind === 'missing' ? null : (o.failure.mode ?? null);
        const params = o.kind === 'missing' ? null : JSON.stringify(o.failure.params ?? null);
        const reason = o.kind === 'missing' ? o.reason : o.failure.reason;
        await this.db.query(
          `INSERT INTO jmh_results (run_id, result_file, log_file, crash_logs, key, benchmark, mode, params, status,
                                    reason, duration_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (run_id, key) DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason,
             crash_logs = EXCLUDED.crash_logs, created_at = now()`,
          [...common, key, benchmark, mode, params, o.kind, reason, files.durationMs ?? null],
        );
      }
    }
  }

  /** Benchmark methods a run already has an outcome for: a resumed run skips them. */
  async doneBenchmarks(runId: string): Promise<Set<string>> {
    const rows: { benchmark: string }[] = await this.db.query(
      'SELECT DISTINCT benchmark FROM jmh_results WHERE run_id = $1',
      [runId],
    );
    return new Set(rows.map((r) => r.benchmark));
  }

  /** A run's stored results as jmh-analysis input: scores, and failures for crashed or hung benchmarks. */
  async loadRun(
    runId: string,
  ): Promise<{ results: JmhResult[]; failures: JmhFailure[]; rows: StoredResultRow[] }> {
    const rows = await this.db.query<ResultRow[]>(
      'SELECT * FROM jmh_results WHERE run_id = $1 ORDER BY key',
      [runId],
    );
    const results: JmhResult[] = [];
    const failures: JmhFailure[] = [];
    for (const r of rows) {
      if (r.status === 'ok') {
        results.push({
          key: r.key,
          benchmark: r.benchmark,
          mode: r.mode as JmhMode,
          params: r.params ?? {},
          threads: r.threads ?? undefined,
          jvm: r.jvm ?? undefined,
          jdkVersion: r.jdk_version ?? undefined,
          vmName: r.vm_name ?? undefined,
          vmVersion: r.vm_version ?? undefined,
          primary: {
            unit: String(r.unit),
            score: r.score ?? Number.NaN,
            forks: nullToNan(r.forks),
          },
          secondary: Object.fromEntries(
            Object.entries(r.secondary ?? {}).map(([n, m]) => [
              n,
              { unit: m.unit, score: m.score ?? Number.NaN, forks: nullToNan(m.forks) },
            ]),
          ),
        });
      } else if (r.status === 'crashed' || r.status === 'hung') {
        failures.push({
          benchmark: r.benchmark,
          mode: r.mode ?? undefined,
          params: r.params ?? undefined,
          kind: r.status,
          reason: r.reason ?? r.status,
        });
      }
    }
    return {
      results,
      failures,
      rows: rows.map((r) => ({
        runId,
        key: r.key,
        benchmark: r.benchmark,
        status: r.status,
        reason: r.reason,
        crashLogs: r.crash_logs ?? [],
      })),
    };
  }

  // ---- comparisons ----

  async saveComparison(c: Omit<JmhComparison, 'id' | 'createdAt'>): Promise<JmhComparison> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO jmh_comparisons (id, baseline_run_id, candidate_run_id, baseline_build_id, candidate_build_id,
                                    baseline_label, candidate_label, same_version, min_effect, fdr, test, counts,
                                    verdicts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        c.baselineRunId,
        c.candidateRunId,
        c.baselineBuildId,
        c.candidateBuildId,
        c.baselineLabel,
        c.candidateLabel,
        c.sameVersion,
        c.minEffect,
        c.fdr,
        c.test,
        JSON.stringify(c.counts),
        JSON.stringify(c.verdicts),
      ],
    );
    return (await this.findComparison(id)) as JmhComparison;
  }

  async findComparison(id: string): Promise<JmhComparison | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.query<ComparisonRow[]>('SELECT * FROM jmh_comparisons WHERE id = $1', [id]);
    return rows.length === 0 ? null : toComparison(rows[0]);
  }

  async latestComparisonFor(
    candidateBuildId: string,
    baselineBuildId?: string,
  ): Promise<JmhComparison | null> {
    const rows = await this.db.query<ComparisonRow[]>(
      `SELECT * FROM jmh_comparisons WHERE candidate_build_id = $1 AND ($2::uuid IS NULL OR baseline_build_id = $2::uuid)
        ORDER BY created_at DESC LIMIT 1`,
      [candidateBuildId, baselineBuildId ?? null],
    );
    return rows.length === 0 ? null : toComparison(rows[0]);
  }
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export const isUuid = (v: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

const BUILD_SELECT = `
  SELECT b.*,
         (SELECT count(*) FROM jmh_runs r WHERE r.build_id = b.id) AS run_count,
         (SELECT r.status FROM jmh_runs r WHERE r.build_id = b.id ORDER BY r.queued_at DESC LIMIT 1) AS latest_run_status
    FROM jmh_builds b`;

const RUN_SELECT = `
  SELECT r.*,
         (SELECT count(DISTINCT x.key) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'ok') AS result_count,
         (SELECT count(*) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'crashed') AS crashed_count,
         (SELECT count(*) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'hung') AS hung_count,
         (SELECT count(*) FROM jmh_results x WHERE x.run_id = r.id AND x.status = 'missing') AS missing_count,
         (SELECT coalesce(jsonb_agg(DISTINCT c), '[]'::jsonb)
            FROM jmh_results x, jsonb_array_elements_text(x.crash_logs) c WHERE x.run_id = r.id) AS crash_logs
    FROM jmh_runs r`;

/** The one mapping of each table's row to the contract (every select here returns whole rows). */
function toBuild(r: BuildRow): JmhBuild {
  return {
    id: r.id,
    source: r.source,
    javaHome: r.java_home,
    label: r.label,
    vendor: r.vendor,
    distribution: r.distribution,
    version: r.version,
    feature: r.feature,
    build: r.build,
    releaseName: r.release_name,
    downloadUrl: r.download_url,
    discoveredAt: r.discovered_at.toISOString(),
    runCount: Number(r.run_count ?? 0),
    latestRunStatus: r.latest_run_status,
  };
}

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

function toComparison(r: ComparisonRow): JmhComparison {
  return {
    id: r.id,
    baselineRunId: r.baseline_run_id,
    candidateRunId: r.candidate_run_id,
    baselineBuildId: r.baseline_build_id,
    candidateBuildId: r.candidate_build_id,
    baselineLabel: r.baseline_label,
    candidateLabel: r.candidate_label,
    sameVersion: r.same_version,
    minEffect: r.min_effect,
    fdr: r.fdr,
    test: r.test,
    createdAt: r.created_at.toISOString(),
    counts: r.counts,
    verdicts: r.verdicts,
  };
}
