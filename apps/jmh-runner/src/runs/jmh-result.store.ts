import type { JmhFailure, JmhMode, JmhResult } from '@keel/jmh-analysis';
import type { DataSource } from 'typeorm';

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
 * `jmh_results`, every benchmark outcome of a run with its raw forks (or why there is none): the only
 * code that writes it.
 */
export class JmhResultStore {
  constructor(private readonly db: DataSource) {}

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
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);
