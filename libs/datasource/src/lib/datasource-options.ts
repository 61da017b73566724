import type { DataSourceOptions } from 'typeorm';

export type SqlDialect = 'postgres' | 'mysql';

export class UnsupportedDatabaseUrl extends Error {
  constructor(url: string) {
    super(
      `unsupported database URL "${redactUrl(url)}": expected postgres://, postgresql://, mysql:// or mariadb://`,
    );
    this.name = 'UnsupportedDatabaseUrl';
  }
}

/** Which SQL dialect a database URL speaks. MariaDB speaks the MySQL protocol. */
export function dialectOf(url: string): SqlDialect {
  const protocol = new URL(url).protocol.replace(/:$/, '');
  if (protocol === 'postgres' || protocol === 'postgresql') return 'postgres';
  if (protocol === 'mysql' || protocol === 'mariadb') return 'mysql';
  throw new UnsupportedDatabaseUrl(url);
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

type ExtraOptions = Pick<DataSourceOptions, 'entities' | 'migrations' | 'logging'> & {
  name?: string;
  poolSize?: number;
};

/** TypeORM options for a URL. Timestamps are exchanged in UTC so `update_ts` means the same everywhere. */
export function dataSourceOptionsFromUrl(url: string, extra: ExtraOptions = {}): DataSourceOptions {
  const dialect = dialectOf(url);
  const parsed = new URL(url);
  const common = {
    host: parsed.hostname,
    port: Number(parsed.port) || (dialect === 'postgres' ? 5432 : 3306),
    username: decodeURIComponent(parsed.username) || (dialect === 'postgres' ? 'postgres' : 'root'),
    password: decodeURIComponent(parsed.password) || undefined,
    database: parsed.pathname.replace(/^\//, '') || undefined,
    entities: extra.entities ?? [],
    migrations: extra.migrations ?? [],
    logging: extra.logging ?? false,
    name: extra.name,
    synchronize: false,
    migrationsRun: false,
  };
  if (dialect === 'postgres') {
    // `?schema=x` puts the tables in schema x (search_path), e.g. one schema per test run
    const schema = parsed.searchParams.get('schema');
    if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
      throw new Error(`invalid schema "${schema}" in ${redactUrl(url)}: lowercase letters, digits and "_"`);
    }
    return {
      ...common,
      type: 'postgres',
      extra: { max: extra.poolSize ?? 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) },
    };
  }
  return {
    ...common,
    type: 'mysql',
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    extra: { connectionLimit: extra.poolSize ?? 10 },
  };
}
