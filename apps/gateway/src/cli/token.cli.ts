import 'reflect-metadata';
import { dataSourceOptionsFromUrl, redactUrl, runMigrationsLocked } from '@keel/datasource';
import { runCli } from '@keel/service-runtime';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ROLES, isRole } from '../auth/api-token';
import { GATEWAY_MIGRATIONS_TABLE, gatewayMigrations } from '../auth/api-token.migration';
import { ApiTokenStore, DEFAULT_TOKEN_DAYS, TokenNameTaken } from '../auth/api-token.store';
import { loadGatewayConfig } from '../config';

const USAGE = `usage: gateway token <command> [options]

  token create --name NAME --role viewer|operator|admin [--days N]
                                                          create a token valid N days (default 90, at most 3650);
                                                          the secret is printed once
  token list                                              every token: name, role, created, last used, revoked
  token revoke --name NAME                                revoke the live token of that name

The platform DB comes from PLATFORM_DB_URL (default postgres://postgres@127.0.0.1:5432/keel).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      role: { type: 'string' },
      days: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [group, command] = positionals;
  if (values.help || group !== 'token' || !command) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadGatewayConfig({ LOG_LEVEL: 'warn', ...process.env });
  const db = new DataSource({
    ...dataSourceOptionsFromUrl(config.PLATFORM_DB_URL, { migrations: gatewayMigrations, poolSize: 1 }),
    migrationsTableName: GATEWAY_MIGRATIONS_TABLE,
  });
  try {
    await db.initialize();
  } catch (error) {
    process.stderr.write(
      `cannot connect to ${redactUrl(config.PLATFORM_DB_URL)}: ${(error as Error).message}\n`,
    );
    return 1;
  }
  try {
    await runMigrationsLocked(db);
    const store = new ApiTokenStore(db);
    switch (command) {
      case 'create': {
        const name = values.name?.trim();
        if (!name) {
          process.stderr.write('token create: --name is required\n');
          return 2;
        }
        if (!isRole(values.role)) {
          process.stderr.write(
            `token create: --role must be one of ${ROLES.join(', ')} (got ${values.role ?? 'nothing'})\n`,
          );
          return 2;
        }
        const days = values.days === undefined ? DEFAULT_TOKEN_DAYS : Number(values.days);
        if (!Number.isFinite(days) || days <= 0 || days > 3650) {
          process.stderr.write(
            `token create: --days must be a number of days in (0, 3650] (got ${values.days})\n`,
          );
          return 2;
        }
        const { token, record } = await store.create(name, values.role, days);
        process.stderr.write(
          `token "${record.name}" (${record.role}) created, expires ${record.expiresAt.toISOString()}; the secret is shown only now:\n`,
        );
        process.stdout.write(`${token}\n`);
        return 0;
      }
      case 'list':
        process.stdout.write(`${JSON.stringify(await store.list(), null, 2)}\n`);
        return 0;
      case 'revoke': {
        if (!values.name) {
          process.stderr.write('token revoke: --name is required\n');
          return 2;
        }
        const revoked = await store.revoke(values.name);
        process.stderr.write(
          revoked ? `token "${values.name}" revoked\n` : `no live token named "${values.name}"\n`,
        );
        return revoked ? 0 : 1;
      }
      default:
        process.stderr.write(`unknown command "token ${command}"\n${USAGE}\n`);
        return 2;
    }
  } finally {
    await db.destroy();
  }
}

runCli(() => main(process.argv.slice(2)), [[TokenNameTaken, 1]]);
