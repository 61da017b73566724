/**
 * Applies the pending catalogue migrations to a shop DB (idempotent; recorded in
 * `keel_catalog_migrations`) and prints what it applied, e.g. the row-version migration on an
 * existing catalogue (see docs/operations.md).
 *
 *   npx nx run catalog:migrate --url mysql://root@127.0.0.1:3306/keel_shop
 */
import { dataSourceOptionsFromUrl, redactUrl } from '@keel/datasource';
import { runCli } from '@keel/service-runtime';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { runCatalogMigrations } from '../index';
import { shopDbUrl } from './cli-args';

async function main(): Promise<number> {
  const { values: args } = parseArgs({ strict: true, options: { url: { type: 'string' } } });
  const url = shopDbUrl(args.url);
  const dataSource = new DataSource(dataSourceOptionsFromUrl(url, { poolSize: 1 }));
  await dataSource.initialize();
  try {
    const applied = await runCatalogMigrations(dataSource);
    console.log(
      applied.length > 0
        ? `${redactUrl(url)}: applied ${applied.join(', ')}`
        : `${redactUrl(url)}: nothing to apply`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

// a run that fails (DB unreachable, bad URL) exits 2
runCli(main, [[Error, 2]]);
