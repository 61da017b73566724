import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CreateRepairHistory1764800000001 } from '../repair/repair.migration';

/**
 * `batch_history`: one row per window the batch indexer ran (or is running). The partial unique
 * index allows one running window per write alias: with the advisory lock, a window never runs twice
 * at once. Idempotent, so a test may apply it by hand before an app applies it again.
 */
export class CreateBatchHistory1764100000000 implements MigrationInterface {
  name = 'CreateBatchHistory1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS batch_history (
        id           BIGSERIAL PRIMARY KEY,
        write_alias  TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('hop', 'manual')),
        window_start TIMESTAMPTZ(3) NOT NULL,
        window_end   TIMESTAMPTZ(3) NOT NULL,
        started_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        finished_at  TIMESTAMPTZ(3),
        ids_seen     INTEGER NOT NULL DEFAULT 0,
        written      INTEGER NOT NULL DEFAULT 0,
        stale        INTEGER NOT NULL DEFAULT 0,
        deleted      INTEGER NOT NULL DEFAULT 0,
        failed       INTEGER NOT NULL DEFAULT 0,
        status       TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        error        TEXT,
        instance     TEXT NOT NULL,
        CHECK (window_start < window_end)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS batch_history_one_running
         ON batch_history (write_alias) WHERE status = 'running'`,
    );
    // the next hop starts from the latest successful hop's end
    await q.query(
      `CREATE INDEX IF NOT EXISTS batch_history_last_success
         ON batch_history (write_alias, window_end DESC) WHERE status = 'succeeded' AND kind = 'hop'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE batch_history');
  }
}

/**
 * Parent fan-out and the long-transaction hold: how many shop/category/tag rows a window saw and
 * how many product ids they expanded to, and which open transaction held the window's end back.
 */
export class BatchHistoryFanOutAndHold1764800000000 implements MigrationInterface {
  name = 'BatchHistoryFanOutAndHold1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE batch_history
        ADD COLUMN IF NOT EXISTS parents_seen      INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS products_expanded INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS held_by_session   TEXT,
        ADD COLUMN IF NOT EXISTS held_age_ms       BIGINT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE batch_history DROP COLUMN parents_seen, DROP COLUMN products_expanded,
        DROP COLUMN held_by_session, DROP COLUMN held_age_ms`);
  }
}

/**
 * The ids a window could not index for good (Elasticsearch refused the document with a 4xx, or its
 * rows fail on their own while the DB and Elasticsearch answer): recorded here, at most 100 a window,
 * so the window succeeds and the chain goes on; the repairer and an operator take them from here.
 */
export class BatchHistoryRefused1764900000000 implements MigrationInterface {
  name = 'BatchHistoryRefused1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE batch_history ADD COLUMN IF NOT EXISTS refused JSONB NOT NULL DEFAULT '[]'::jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE batch_history DROP COLUMN refused');
  }
}

export const batchMigrations = [
  CreateBatchHistory1764100000000,
  BatchHistoryFanOutAndHold1764800000000,
  CreateRepairHistory1764800000001,
  BatchHistoryRefused1764900000000,
];
export const batchMigrationsTable = 'keel_migrations_indexer_batch';
