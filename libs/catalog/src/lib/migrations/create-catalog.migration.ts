import type { MigrationInterface, QueryRunner } from 'typeorm';
import { mysqlCatalogDdl, mysqlCatalogDropDdl } from './catalog-ddl.mysql';
import { postgresCatalogDdl, postgresCatalogDropDdl } from './catalog-ddl.postgres';

async function runAll(queryRunner: QueryRunner, statements: string[]): Promise<void> {
  for (const sql of statements) await queryRunner.query(sql);
}

// Both classes carry the same migration name: a shop DB speaks one dialect, and the migrations table
// then reads the same on either.
const migrationName = 'CreateCatalog1717200000000';

export class CreateCatalogMysql1717200000000 implements MigrationInterface {
  readonly name = migrationName;
  async up(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, mysqlCatalogDdl);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, mysqlCatalogDropDdl);
  }
}

export class CreateCatalogPostgres1717200000000 implements MigrationInterface {
  readonly name = migrationName;
  async up(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, postgresCatalogDdl);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await runAll(queryRunner, postgresCatalogDropDdl);
  }
}
