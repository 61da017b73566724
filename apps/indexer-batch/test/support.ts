import { openIsolatedDb, stackEnv, type IsolatedDb } from '@keel/test-harness';
import { batchMigrations } from '../src/batch/batch.migration';
import { loadIndexerBatchConfig, type IndexerBatchConfig } from '../src/config';

// The set-up only the indexer-batch integration tests share (a seeded shop and a serving index are
// @keel/etl-core/testing's). Each spec keeps its own assertions and the set-up particular to it.

/** A platform DB (PostgreSQL) with the batch's tables (batch_history, repair cycles, ...). */
export const openBatchPlatform = (prefix: string): Promise<IsolatedDb> =>
  openIsolatedDb('postgres', { prefix, migrations: batchMigrations });

/**
 * Records a succeeded window ending `lagMs` before `now` (the shop clock): the batch chain starts
 * there, as if it had run up to now, so the next window covers only what a test changes.
 */
export async function startBatchChain(platform: IsolatedDb, writeAlias: string, now: Date, lagMs: number) {
  await platform.dataSource.query(
    `INSERT INTO batch_history (write_alias, kind, window_start, window_end, started_at, finished_at, status, instance)
       VALUES ($1, 'hop', $2, $3, now(), now(), 'succeeded', 'seed')`,
    [writeAlias, new Date(now.getTime() - 60_000), new Date(now.getTime() - lagMs)],
  );
}

/**
 * The app's config against these DBs, the local stack and `writeAlias`, warnings logged; `env` adds
 * or overrides what a test is about (elections, intervals, which features run).
 */
export function batchAppConfig(
  dbs: { shop: IsolatedDb; platform: IsolatedDb },
  writeAlias: string,
  env: Record<string, string> = {},
): IndexerBatchConfig {
  return loadIndexerBatchConfig({
    SHOP_DB_URL: dbs.shop.url,
    PLATFORM_DB_URL: dbs.platform.url,
    ELASTICSEARCH_URL: stackEnv().elasticsearchUrl,
    ZOOKEEPER_CONNECT: stackEnv().zookeeperConnect,
    PRODUCTS_WRITE_ALIAS: writeAlias,
    LOG_LEVEL: 'warn',
    ...env,
  });
}
