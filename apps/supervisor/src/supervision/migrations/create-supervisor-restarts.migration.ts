import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSupervisorRestarts1732550400000 implements MigrationInterface {
  readonly name = 'CreateSupervisorRestarts1732550400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS supervisor_restarts (
        id             BIGSERIAL PRIMARY KEY,
        job            TEXT        NOT NULL,
        reason         TEXT        NOT NULL,
        command        JSONB       NOT NULL,
        started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
        exit_code      INTEGER,
        pid            INTEGER,
        leader_session TEXT        NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX IF NOT EXISTS supervisor_restarts_job_started ON supervisor_restarts (job, started_at DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS supervisor_restarts');
  }
}

export const supervisorMigrations = [CreateSupervisorRestarts1732550400000];
