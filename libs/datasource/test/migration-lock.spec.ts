import { randomBytes } from 'node:crypto';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { type SqlDialect, dataSourceOptionsFromUrl } from '../src/lib/datasource-options';
import { MigrationLockTimeout, runMigrationsLocked } from '../src/lib/migration-lock';

// What happens when the whole platform starts at once against a fresh database: several processes
// (here: data sources of their own, each with its own connection pool) migrate the same tables at
// the same moment. Without a lock all of them see no migrations table and all but one fail.
// (This lib sits below @keel/test-harness, so the database of each test is made here.)
const urls: Record<SqlDialect, string> = {
  mysql: process.env['KEEL_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/keel_shop_test',
  postgres: process.env['KEEL_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/keel_test',
};

interface FreshDb {
  url: string;
  drop(): Promise<void>;
}

async function freshDb(dialect: SqlDialect): Promise<FreshDb> {
  const name = `miglock_${randomBytes(5).toString('hex')}`;
  const admin = new DataSource(dataSourceOptionsFromUrl(urls[dialect], { poolSize: 1 }));
  await admin.initialize();
  if (dialect === 'postgres') {
    await admin.query(`CREATE SCHEMA ${name}`);
    const url = `${urls.postgres}${urls.postgres.includes('?') ? '&' : '?'}schema=${name}`;
    return {
      url,
      drop: async () => {
        await admin.query(`DROP SCHEMA ${name} CASCADE`);
        await admin.destroy();
      },
    };
  }
  const parsed = new URL(urls.mysql);
  const database = `${parsed.pathname.slice(1)}_${name}`;
  await admin.query(`CREATE DATABASE \`${database}\``);
  parsed.pathname = `/${database}`;
  return {
    url: parsed.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await admin.destroy();
    },
  };
}

const sleepSql = (dialect: SqlDialect, seconds: number) =>
  dialect === 'postgres' ? `SELECT pg_sleep(${seconds})` : `SELECT SLEEP(${seconds})`;

/** Creates a table without IF NOT EXISTS, slowly: a second run at the same time fails. */
function createWidgets(dialect: SqlDialect, gate?: Promise<void>) {
  return class CreateWidgets1700000000000 implements MigrationInterface {
    name = 'CreateWidgets1700000000000';
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(sleepSql(dialect, 0.3));
      if (gate) await gate;
      await runner.query('CREATE TABLE widgets (id INT PRIMARY KEY)');
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query('DROP TABLE widgets');
    }
  };
}

function dataSource(
  url: string,
  migrations: DataSource['options']['migrations'],
  table = 'keel_test_migrations',
) {
  return new DataSource({
    ...dataSourceOptionsFromUrl(url, { migrations, poolSize: 2 }),
    migrationsTableName: table,
  });
}

async function tableNames(db: DataSource, dialect: SqlDialect): Promise<string[]> {
  const rows = (await db.query(
    dialect === 'postgres'
      ? 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()'
      : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()',
  )) as { name?: string; NAME?: string }[];
  return rows.map((row) => String(row.name ?? row.NAME)).sort();
}

describe.each<SqlDialect>(['postgres', 'mysql'])('runMigrationsLocked on %s', (dialect) => {
  let db: FreshDb;
  const opened: DataSource[] = [];
  const open = async (source: DataSource) => {
    opened.push(source);
    await source.initialize();
    return source;
  };

  beforeEach(async () => {
    db = await freshDb(dialect);
  });

  afterEach(async () => {
    for (const source of opened.splice(0)) if (source.isInitialized) await source.destroy();
    await db.drop();
  });

  it('lets four processes started together migrate a fresh database: one runs each migration, all start', async () => {
    const sources = await Promise.all(
      [0, 1, 2, 3].map(() => open(dataSource(db.url, [createWidgets(dialect)]))),
    );
    const ran = await Promise.all(sources.map((source) => runMigrationsLocked(source)));
    expect(ran.map((migrations) => migrations.length).sort()).toEqual([0, 0, 0, 1]);
    const first = sources[0] as DataSource;
    expect(await tableNames(first, dialect)).toEqual(['keel_test_migrations', 'widgets']);
    const recorded = (await first.query('SELECT name FROM keel_test_migrations')) as { name: string }[];
    expect(recorded.map((row) => row.name)).toEqual(['CreateWidgets1700000000000']);
  });

  it('creates nothing in a database it only reads: no migrations table without migrations', async () => {
    const source = await open(dataSource(db.url, [], 'migrations'));
    expect(await runMigrationsLocked(source)).toEqual([]);
    expect(await tableNames(source, dialect)).toEqual([]);
  });

  it('gives up with a clear error when another process migrates for longer than the limit', async () => {
    let open_: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open_ = resolve));
    const slow = await open(dataSource(db.url, [createWidgets(dialect, gate)]));
    const holding = runMigrationsLocked(slow);
    await new Promise((resolve) => setTimeout(resolve, 150)); // the slow one has the lock by now
    const waiting = await open(dataSource(db.url, [createWidgets(dialect)]));
    await expect(runMigrationsLocked(waiting, { timeoutMs: 1000 })).rejects.toThrow(MigrationLockTimeout);
    await expect(runMigrationsLocked(waiting, { timeoutMs: 1000 })).rejects.toThrow(
      /another process has been migrating "keel_test_migrations" for over 1000 ms/,
    );
    open_();
    expect(await holding).toHaveLength(1);
    expect(await runMigrationsLocked(waiting, { timeoutMs: 1000 })).toEqual([]);
  });

  it('frees the lock when the migrating process dies: the next one migrates', async () => {
    const gate = new Promise<void>(() => undefined); // never opens: the process is "killed" mid-migration
    const doomed = await open(dataSource(db.url, [createWidgets(dialect, gate)]));
    void runMigrationsLocked(doomed).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the sleep: waiting at the gate
    await doomed.destroy(); // every connection of the process closes, as on SIGKILL
    const next = await open(dataSource(db.url, [createWidgets(dialect)]));
    expect(await runMigrationsLocked(next, { timeoutMs: 10_000 })).toHaveLength(1);
  });

  it('does not make migrations in another database wait', async () => {
    const other = await freshDb(dialect);
    try {
      let open_: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (open_ = resolve));
      const slow = await open(dataSource(db.url, [createWidgets(dialect, gate)]));
      const holding = runMigrationsLocked(slow);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const elsewhere = await open(dataSource(other.url, [createWidgets(dialect)]));
      expect(await runMigrationsLocked(elsewhere, { timeoutMs: 2000 })).toHaveLength(1);
      await elsewhere.destroy();
      open_();
      await holding;
    } finally {
      await other.drop();
    }
  });
});
