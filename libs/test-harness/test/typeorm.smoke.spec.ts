import { dataSourceOptionsFromUrl } from '@keel/datasource';
import { stackEnv, uniqueName } from '../src';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';

const table = uniqueName('smoke').replace(/-/g, '_');

class CreateSmokeTable1700000000000 implements MigrationInterface {
  name = 'CreateSmokeTable1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, label VARCHAR(50) NOT NULL)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${table}`);
  }
}

// Smoke: TypeORM reaches both real servers and runs (and reverts) a migration on each.
describe.each([
  ['PostgreSQL', () => stackEnv().postgresUrl],
  ['MariaDB', () => stackEnv().mysqlUrl],
])('TypeORM on %s', (_name, url) => {
  it('connects and runs a migration', async () => {
    const dataSource = new DataSource({
      ...dataSourceOptionsFromUrl(url(), { migrations: [CreateSmokeTable1700000000000] }),
      migrationsTableName: `${table}_migrations`,
    });
    await dataSource.initialize();
    try {
      const ran = await dataSource.runMigrations();
      expect(ran.map((m) => m.name)).toEqual(['CreateSmokeTable1700000000000']);
      await dataSource.query(`INSERT INTO ${table} (id, label) VALUES (1, '한글 ok')`);
      expect(await dataSource.query(`SELECT label FROM ${table}`)).toEqual([{ label: '한글 ok' }]);
      await dataSource.undoLastMigration();
      await dataSource.query(`DROP TABLE ${table}_migrations`);
    } finally {
      await dataSource.destroy();
    }
  });
});
