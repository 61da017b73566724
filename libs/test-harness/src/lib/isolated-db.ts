import { type SqlDialect, dataSourceOptionsFromUrl } from '@keel/datasource';
import { DataSource, type DataSourceOptions, type MigrationInterface } from 'typeorm';
import { stackEnv } from './stack-env';
import { uniqueName } from './unique-name';

export const dialects: SqlDialect[] = ['mysql', 'postgres'];

/**
 * A database of its own for one test file, on the test servers: a schema in keel_test (PostgreSQL),
 * a database beside keel_shop_test (MariaDB, where a schema is a database). Reruns and concurrent
 * runs never meet; `drop()` removes it.
 */
export interface IsolatedDb {
  dialect: SqlDialect;
  dataSource: DataSource;
  /** For CLIs and apps: the URL; on PostgreSQL also the schema (`search_path`). */
  url: string;
  schema?: string;
  drop(): Promise<void>;
}

export interface IsolatedDbOptions {
  entities?: DataSourceOptions['entities'];
  poolSize?: number;
  prefix?: string;
  /** Run in order once the database is open: the tables of the app under test. */
  migrations?: (new () => MigrationInterface)[];
}

export async function openIsolatedDb(
  dialect: SqlDialect,
  options: IsolatedDbOptions = {},
): Promise<IsolatedDb> {
  const db = await openEmptyDb(dialect, options);
  if (options.migrations?.length) {
    const runner = db.dataSource.createQueryRunner();
    try {
      for (const Migration of options.migrations) await new Migration().up(runner);
    } finally {
      await runner.release();
    }
  }
  return db;
}

async function openEmptyDb(dialect: SqlDialect, options: IsolatedDbOptions): Promise<IsolatedDb> {
  const env = stackEnv();
  const name = uniqueName(options.prefix ?? 'isolated').replace(/-/g, '_');
  const poolSize = options.poolSize ?? 4;
  if (dialect === 'postgres') {
    const admin = new DataSource(dataSourceOptionsFromUrl(env.postgresUrl, { poolSize: 1 }));
    await admin.initialize();
    await admin.query(`CREATE SCHEMA ${name}`);
    await admin.destroy();
    // the schema travels in the URL (`?schema=`), so an app or CLI given this URL lands in it too
    const url = `${env.postgresUrl}${env.postgresUrl.includes('?') ? '&' : '?'}schema=${name}`;
    const dataSource = new DataSource(
      dataSourceOptionsFromUrl(url, { entities: options.entities, poolSize }),
    );
    await dataSource.initialize();
    return {
      dialect,
      dataSource,
      url,
      schema: name,
      drop: async () => {
        await dataSource.query(`DROP SCHEMA ${name} CASCADE`);
        await dataSource.destroy();
      },
    };
  }
  const admin = new DataSource(dataSourceOptionsFromUrl(env.mysqlUrl, { poolSize: 1 }));
  await admin.initialize();
  const database = `${new URL(env.mysqlUrl).pathname.slice(1)}_${name}`.slice(0, 64);
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const parsed = new URL(env.mysqlUrl);
  parsed.pathname = `/${database}`;
  const url = parsed.toString();
  const dataSource = new DataSource(dataSourceOptionsFromUrl(url, { entities: options.entities, poolSize }));
  await dataSource.initialize();
  return {
    dialect,
    dataSource,
    url,
    drop: async () => {
      await dataSource.destroy();
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.destroy();
    },
  };
}

/** The database clock, in ms, for windows that must not depend on the test machine's clock. */
export async function databaseNow(db: Pick<IsolatedDb, 'dialect' | 'dataSource'>): Promise<Date> {
  const sql =
    db.dialect === 'mysql'
      ? 'SELECT UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS ms'
      : 'SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8 AS ms';
  const [row] = (await db.dataSource.query(sql)) as { ms: string | number }[];
  return new Date(Math.floor(Number(row?.ms)));
}
