import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `recovery_runs`: one row per rebuild, updated after every range, so a killed run resumes. */
export class CreateRecoveryRuns1764000000000 implements MigrationInterface {
  name = 'CreateRecoveryRuns1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS recovery_runs (
        id             BIGSERIAL PRIMARY KEY,
        alias          TEXT NOT NULL,
        index_name     TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('running', 'failed', 'succeeded')),
        phase          TEXT NOT NULL CHECK (phase IN ('ranges', 'catch-up', 'verify', 'swap', 'done')),
        min_id         BIGINT NOT NULL,
        max_id         BIGINT NOT NULL,
        batch_size     INTEGER NOT NULL,
        next_to_id     BIGINT NOT NULL,
        ranges_done    INTEGER NOT NULL DEFAULT 0,
        ranges_total   INTEGER NOT NULL,
        docs_written   BIGINT NOT NULL DEFAULT 0,
        docs_deleted   BIGINT NOT NULL DEFAULT 0,
        docs_stale     BIGINT NOT NULL DEFAULT 0,
        catch_up_from  TIMESTAMPTZ(3) NOT NULL,
        started_at     TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        updated_at     TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        finished_at    TIMESTAMPTZ(3),
        previous_index TEXT,
        error          TEXT
      )`);
    await q.query('CREATE INDEX IF NOT EXISTS recovery_runs_alias_id ON recovery_runs (alias, id DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE recovery_runs');
  }
}

/**
 * `recovery_ranges`: the id ranges of a run, claimed by workers (`FOR UPDATE SKIP LOCKED`) with a
 * lease, so several processes share one rebuild and a killed worker's range is taken over.
 */
export class CreateRecoveryRanges1764000000001 implements MigrationInterface {
  name = 'CreateRecoveryRanges1764000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS recovery_ranges (
        run_id       BIGINT NOT NULL REFERENCES recovery_runs (id) ON DELETE CASCADE,
        from_id      BIGINT NOT NULL,
        to_id        BIGINT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'done')),
        worker       TEXT,
        claimed_at   TIMESTAMPTZ(3),
        finished_at  TIMESTAMPTZ(3),
        docs_written INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, from_id)
      )`);
    await q.query(
      "CREATE INDEX IF NOT EXISTS recovery_ranges_open ON recovery_ranges (run_id, to_id DESC) WHERE status <> 'done'",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE recovery_ranges');
  }
}

/**
 * Where each run's catch-up got to (the shop DB's clock), when it swapped and when it was rolled
 * back, so every later catch-up starts there (minus the overlap) and rollback knows where to go;
 * and `abandoned`, so a failed run waits for an explicit retry or abandon.
 */
export class RecoveryCatchUpPoints1764000000002 implements MigrationInterface {
  name = 'RecoveryCatchUpPoints1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE recovery_runs
        ADD COLUMN IF NOT EXISTS caught_up_to TIMESTAMPTZ(3),
        ADD COLUMN IF NOT EXISTS swapped_at TIMESTAMPTZ(3),
        ADD COLUMN IF NOT EXISTS rolled_back_at TIMESTAMPTZ(3)`);
    await q.query('ALTER TABLE recovery_runs DROP CONSTRAINT IF EXISTS recovery_runs_status_check');
    await q.query(
      "ALTER TABLE recovery_runs ADD CONSTRAINT recovery_runs_status_check CHECK (status IN ('running', 'failed', 'succeeded', 'abandoned'))",
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE recovery_runs DROP COLUMN caught_up_to, DROP COLUMN swapped_at, DROP COLUMN rolled_back_at',
    );
  }
}

export const recoveryMigrations = [
  CreateRecoveryRuns1764000000000,
  CreateRecoveryRanges1764000000001,
  RecoveryCatchUpPoints1764000000002,
];
export const recoveryMigrationsTable = 'keel_migrations_indexer_recovery';
