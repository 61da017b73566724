import { runMigrationsLocked, type SqlDialect } from '@keel/datasource';
import { DataSource, type MigrationInterface } from 'typeorm';
import {
  CreateCatalogMysql1717200000000,
  CreateCatalogPostgres1717200000000,
} from './create-catalog.migration';
import {
  AddRowVersionsMysql1717300000000,
  AddRowVersionsPostgres1717300000000,
} from './add-row-versions.migration';

/** Its own table, so the catalogue never mixes with a shop application's own `migrations` table. */
export const catalogMigrationsTableName = 'keel_catalog_migrations';

type MigrationClass = new () => MigrationInterface;

/** The catalogue migration classes for a dialect, in order (for a DataSource's `migrations`). */
export function catalogMigrations(dialect: SqlDialect): MigrationClass[] {
  return dialect === 'mysql'
    ? [CreateCatalogMysql1717200000000, AddRowVersionsMysql1717300000000]
    : [CreateCatalogPostgres1717200000000, AddRowVersionsPostgres1717300000000];
}

export function dialectOfDataSource(dataSource: DataSource): SqlDialect {
  const type = dataSource.options.type;
  if (type === 'postgres') return 'postgres';
  if (type === 'mysql' || type === 'mariadb') return 'mysql';
  throw new Error(`the catalogue supports PostgreSQL and MySQL/MariaDB, not "${type}"`);
}

/**
 * Applies the pending catalogue migrations (idempotent: applied ones are recorded in
 * `keel_catalog_migrations`). Runs through a short-lived DataSource with the same connection
 * options, so the caller's DataSource keeps its own entities and migrations.
 * Returns the names of the migrations it applied.
 */
export async function runCatalogMigrations(dataSource: DataSource): Promise<string[]> {
  const migrator = new DataSource({
    ...dataSource.options,
    entities: [],
    subscribers: [],
    migrations: catalogMigrations(dialectOfDataSource(dataSource)),
    migrationsTableName: catalogMigrationsTableName,
    migrationsRun: false,
    synchronize: false,
    extra: {
      ...(dataSource.options.extra as object | undefined),
      ...(dialectOfDataSource(dataSource) === 'postgres' ? { max: 1 } : { connectionLimit: 1 }),
    },
  } as typeof dataSource.options);
  await migrator.initialize();
  try {
    const applied = await runMigrationsLocked(migrator);
    return applied.map((m) => m.name);
  } finally {
    await migrator.destroy();
  }
}
