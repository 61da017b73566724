import type { MigrationInterface, QueryRunner } from 'typeorm';
import { rowVersionDdl, rowVersionDropDdl } from '../schema/row-version-ddl';

async function runAll(queryRunner: QueryRunner, statements: string[]): Promise<void> {
  for (const sql of statements) await queryRunner.query(sql);
}

// One name for both dialects, like CreateCatalog: a shop DB speaks one of them.
const migrationName = 'AddRowVersions1717300000000';

/** The DB-kept document version: counters, triggers, tombstones and the floor (`row-version-ddl.ts`). */
export class AddRowVersionsMysql1717300000000 implements MigrationInterface {
  readonly name = migrationName;
  async up(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, rowVersionDdl('mysql'));
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, rowVersionDropDdl('mysql'));
  }
}

export class AddRowVersionsPostgres1717300000000 implements MigrationInterface {
  readonly name = migrationName;
  async up(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, rowVersionDdl('postgres'));
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, rowVersionDropDdl('postgres'));
  }
}
