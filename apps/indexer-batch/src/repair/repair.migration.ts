import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The continuous repairer's checkpoint and history: one `repair_cycles` row per walk over the id
 * space (a killed repairer resumes the running one from `next_from`), fixes counted by cause, and one
 * `repair_fixes` row per document it fixed. Idempotent, so a test may apply it by hand first.
 */
export class CreateRepairHistory1764800000001 implements MigrationInterface {
  name = 'CreateRepairHistory1764800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS repair_cycles (
        id               BIGSERIAL PRIMARY KEY,
        index_alias      TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('running', 'finished')),
        min_id           BIGINT NOT NULL,
        max_id           BIGINT NOT NULL,
        range_size       INTEGER NOT NULL,
        next_from        BIGINT NOT NULL,
        ranges_total     INTEGER NOT NULL,
        ranges_done      INTEGER NOT NULL DEFAULT 0,
        ranges_differing INTEGER NOT NULL DEFAULT 0,
        products_checked BIGINT NOT NULL DEFAULT 0,
        fixed_missing        INTEGER NOT NULL DEFAULT 0,
        fixed_deleted        INTEGER NOT NULL DEFAULT 0,
        fixed_not_searchable INTEGER NOT NULL DEFAULT 0,
        fixed_stale_version  INTEGER NOT NULL DEFAULT 0,
        fixed_stale_fields   INTEGER NOT NULL DEFAULT 0,
        resumed          INTEGER NOT NULL DEFAULT 0,
        started_at       TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        finished_at      TIMESTAMPTZ(3),
        instance         TEXT NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS repair_cycles_one_running
         ON repair_cycles (index_alias) WHERE status = 'running'`,
    );
    await q.query(`
      CREATE TABLE IF NOT EXISTS repair_fixes (
        id         BIGSERIAL PRIMARY KEY,
        cycle_id   BIGINT NOT NULL REFERENCES repair_cycles (id) ON DELETE CASCADE,
        product_id BIGINT NOT NULL,
        cause      TEXT NOT NULL,
        fixed_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX IF NOT EXISTS repair_fixes_cycle ON repair_fixes (cycle_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE repair_fixes');
    await q.query('DROP TABLE repair_cycles');
  }
}
