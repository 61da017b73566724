import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * jmh-runner's tables in the shared platform DB, all prefixed `jmh_`: builds found, runs queued and
 * claimed with a lease, every result with its raw per-fork data (or why there is none: crashed, hung,
 * missing), and the comparisons with their verdicts.
 */
export class CreateJmhTables1764100000000 implements MigrationInterface {
  name = 'CreateJmhTables1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS jmh_builds (
        id            UUID PRIMARY KEY,
        identity      TEXT NOT NULL UNIQUE,
        source        TEXT NOT NULL CHECK (source IN ('local', 'drop', 'adoptium')),
        java_home     TEXT,
        label         TEXT NOT NULL,
        vendor        TEXT,
        distribution  TEXT,
        version       TEXT,
        feature       INTEGER,
        build         INTEGER,
        release_name  TEXT,
        download_url  TEXT,
        checksum      TEXT,
        detection     JSONB NOT NULL DEFAULT '{}',
        discovered_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS jmh_runs (
        id          UUID PRIMARY KEY,
        build_id    UUID NOT NULL REFERENCES jmh_builds (id) ON DELETE CASCADE,
        profile     TEXT NOT NULL,
        include     TEXT NOT NULL,
        jar_path    TEXT NOT NULL,
        settings    JSONB NOT NULL,
        status      TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        attempts    INTEGER NOT NULL DEFAULT 0,
        worker      TEXT,
        lease_until TIMESTAMPTZ(3),
        queued_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        started_at  TIMESTAMPTZ(3),
        finished_at TIMESTAMPTZ(3),
        exit_code   INTEGER,
        error       TEXT,
        run_dir     TEXT
      )`);
    await q.query(
      "CREATE INDEX IF NOT EXISTS jmh_runs_open ON jmh_runs (queued_at) WHERE status IN ('queued', 'running')",
    );
    await q.query('CREATE INDEX IF NOT EXISTS jmh_runs_build ON jmh_runs (build_id, queued_at DESC)');
    await q.query(`
      CREATE TABLE IF NOT EXISTS jmh_results (
        id           BIGSERIAL PRIMARY KEY,
        run_id       UUID NOT NULL REFERENCES jmh_runs (id) ON DELETE CASCADE,
        key          TEXT NOT NULL,
        benchmark    TEXT NOT NULL,
        mode         TEXT,
        params       JSONB,
        status       TEXT NOT NULL CHECK (status IN ('ok', 'crashed', 'hung', 'missing')),
        reason       TEXT,
        unit         TEXT,
        score        DOUBLE PRECISION,
        forks        JSONB,
        secondary    JSONB,
        threads      INTEGER,
        jvm          TEXT,
        jdk_version  TEXT,
        vm_name      TEXT,
        vm_version   TEXT,
        result_file  TEXT,
        log_file     TEXT,
        crash_logs   JSONB NOT NULL DEFAULT '[]',
        duration_ms  INTEGER,
        created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        UNIQUE (run_id, key)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS jmh_comparisons (
        id                 UUID PRIMARY KEY,
        baseline_run_id    UUID NOT NULL REFERENCES jmh_runs (id) ON DELETE CASCADE,
        candidate_run_id   UUID NOT NULL REFERENCES jmh_runs (id) ON DELETE CASCADE,
        baseline_build_id  UUID NOT NULL,
        candidate_build_id UUID NOT NULL,
        baseline_label     TEXT NOT NULL,
        candidate_label    TEXT NOT NULL,
        same_version       BOOLEAN NOT NULL,
        min_effect         DOUBLE PRECISION NOT NULL,
        fdr                DOUBLE PRECISION NOT NULL,
        test               TEXT NOT NULL,
        counts             JSONB NOT NULL,
        verdicts           JSONB NOT NULL,
        created_at         TIMESTAMPTZ(3) NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX IF NOT EXISTS jmh_comparisons_candidate ON jmh_comparisons (candidate_build_id, created_at DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE jmh_comparisons');
    await q.query('DROP TABLE jmh_results');
    await q.query('DROP TABLE jmh_runs');
    await q.query('DROP TABLE jmh_builds');
  }
}

export const jmhMigrations = [CreateJmhTables1764100000000];
export const JMH_MIGRATIONS_TABLE = 'jmh_runner_migrations';
