import { readFileSync } from 'node:fs';
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

/** TLS settings for the driver (pg and mysql2 both take `ssl: false | tls.ConnectionOptions`). */
export type DatabaseTls =
  false | { rejectUnauthorized: boolean; ca?: string; checkServerIdentity?: () => undefined };

const PG_SSLMODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
const MYSQL_SSLMODES = ['DISABLED', 'PREFERRED', 'REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'] as const;

/**
 * The TLS a database URL asks for, as libpq and MySQL clients spell it: PostgreSQL
 * `?sslmode=require|verify-ca|verify-full&sslrootcert=/path/ca.pem`, MySQL `?ssl-mode=REQUIRED|
 * VERIFY_CA|VERIFY_IDENTITY&ssl-ca=/path/ca.pem`. `require` encrypts without checking the server's
 * certificate (as libpq does); `verify-ca` checks it against the CA; `verify-full` also the host
 * name. No parameter: no TLS (the local stack). `disable/allow/prefer` and `DISABLED/PREFERRED` are
 * taken as no TLS: a downgrade an attacker could force is not a setting we offer.
 */
export function databaseTls(url: string, readFile: (path: string) => string): DatabaseTls {
  const parsed = new URL(url);
  const postgres = dialectOf(url) === 'postgres';
  const mode = parsed.searchParams.get(postgres ? 'sslmode' : 'ssl-mode');
  const caFile = parsed.searchParams.get(postgres ? 'sslrootcert' : 'ssl-ca');
  if (mode === null) return false;
  const known: readonly string[] = postgres ? PG_SSLMODES : MYSQL_SSLMODES;
  if (!known.includes(mode)) {
    throw new Error(
      `invalid ${postgres ? 'sslmode' : 'ssl-mode'} "${mode}" in ${redactUrl(url)}: one of ${known.join(', ')}`,
    );
  }
  const level = postgres
    ? { disable: 0, allow: 0, prefer: 0, require: 1, 'verify-ca': 2, 'verify-full': 3 }[
        mode as (typeof PG_SSLMODES)[number]
      ]
    : { DISABLED: 0, PREFERRED: 0, REQUIRED: 1, VERIFY_CA: 2, VERIFY_IDENTITY: 3 }[
        mode as (typeof MYSQL_SSLMODES)[number]
      ];
  if (level === 0) return false;
  if (level === 1) return { rejectUnauthorized: false };
  const ca = caFile ? readFile(caFile) : undefined;
  return {
    rejectUnauthorized: true,
    ...(ca ? { ca } : {}),
    ...(level === 2 ? { checkServerIdentity: () => undefined } : {}),
  };
}

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
      ssl: databaseTls(url, (file) => readFileSync(file, 'utf8')),
      extra: { max: extra.poolSize ?? 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) },
    };
  }
  return {
    ...common,
    type: 'mysql',
    ssl: databaseTls(url, (file) => readFileSync(file, 'utf8')) || undefined,
    timezone: 'Z',
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    extra: { connectionLimit: extra.poolSize ?? 10 },
  };
}
