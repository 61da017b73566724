import { type DataSource, MigrationExecutor, type Migration, type QueryRunner } from 'typeorm';

/** Waiting for another process's migrations took longer than the limit. */
export class MigrationLockTimeout extends Error {
  constructor(
    readonly table: string,
    readonly timeoutMs: number,
  ) {
    super(`another process has been migrating "${table}" for over ${timeoutMs} ms`);
    this.name = 'MigrationLockTimeout';
  }
}

export interface RunMigrationsOptions {
  /** How long to wait for another process's migrations before giving up; 5 min by default. */
  timeoutMs?: number;
}

/**
 * Runs the pending migrations of `db` one process at a time. Several apps (or replicas of one)
 * starting together against a fresh database would otherwise all see no migrations table, all
 * create it, and all but one fail ("Table 'migrations' already exists", or a duplicate key on
 * PostgreSQL's catalogue). The lock is a session lock of the database itself (PostgreSQL advisory
 * lock, MySQL/MariaDB `GET_LOCK`), named after the database, schema and migrations table, and
 * taken on the very connection that migrates: it dies with that connection, so a killed process
 * never leaves it behind, and a pool of one connection cannot deadlock on it. The second process
 * waits, then finds nothing pending. A data source without migrations touches nothing: no
 * migrations table is created in a database the app only reads (a shop DB).
 */
export async function runMigrationsLocked(
  db: DataSource,
  options: RunMigrationsOptions = {},
): Promise<Migration[]> {
  if (db.migrations.length === 0) return [];
  const timeoutMs = options.timeoutMs ?? 300_000;
  const table = db.options.migrationsTableName ?? 'migrations';
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    const release = await lockMigrations(db, runner, table, timeoutMs);
    try {
      const executor = new MigrationExecutor(db, runner);
      executor.transaction = 'each';
      return await executor.executePendingMigrations();
    } finally {
      await release().catch(() => undefined); // the lock goes with the connection anyway
    }
  } finally {
    await runner.release();
  }
}

async function lockMigrations(
  db: DataSource,
  runner: QueryRunner,
  table: string,
  timeoutMs: number,
): Promise<() => Promise<unknown>> {
  if (db.options.type === 'postgres') {
    // advisory locks are per database; the key also names the schema, so apps in other schemas
    // of the same database never wait for each other
    const key = `keel:migrations:${table}`;
    await runner.query(`SET lock_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext($1 || ':' || current_schema()))`, [key]);
    } catch (error) {
      if ((error as { code?: string }).code === '55P03') throw new MigrationLockTimeout(table, timeoutMs);
      throw error;
    } finally {
      await runner.query('RESET lock_timeout');
    }
    return () => runner.query(`SELECT pg_advisory_unlock(hashtext($1 || ':' || current_schema()))`, [key]);
  }
  if (db.options.type === 'mysql' || db.options.type === 'mariadb') {
    // GET_LOCK names are server-wide and at most 64 characters: a digest of database and table
    const name = "CONCAT('keel-migrations:', SHA1(CONCAT(DATABASE(), '/', ?)))";
    const [row] = (await runner.query(`SELECT GET_LOCK(${name}, ?) AS locked`, [
      table,
      Math.max(1, Math.ceil(timeoutMs / 1000)),
    ])) as { locked: number | string | null }[];
    if (Number(row?.locked) !== 1) throw new MigrationLockTimeout(table, timeoutMs);
    return () => runner.query(`SELECT RELEASE_LOCK(${name})`, [table]);
  }
  throw new Error(`no migration lock for a ${db.options.type} data source`);
}
