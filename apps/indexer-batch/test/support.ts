import type { Client, estypes } from '@elastic/elasticsearch';
import { ShopCatalog, catalogEntities, runCatalogMigrations, seedCatalog } from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import {
  createElasticsearchClient,
  createIndexForBulk,
  restoreServingSettings,
  swapAliases,
  type AliasPair,
} from '@keel/es-alias';
import { ProductIndexer, verifyCatalogue } from '@keel/etl-core';
import { aliasPairOf, productIndexDefinition } from '@keel/product-index';
import { openIsolatedDb, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { batchMigrations } from '../src/batch/batch.migration';
import { loadIndexerBatchConfig, type IndexerBatchConfig } from '../src/config';

// The set-up the indexer-batch integration tests share: a seeded shop DB, a platform DB with the
// batch's tables, and a product index served under a fresh alias pair. Each spec keeps its own
// assertions and the set-up that is particular to it.

/** A shop DB of `dialect` with the catalogue schema and `products` seeded products. */
export async function openSeededShop(
  dialect: SqlDialect,
  prefix: string,
  seed: { products: number; seed: number },
): Promise<IsolatedDb> {
  const shop = await openIsolatedDb(dialect, { entities: catalogEntities, prefix });
  await runCatalogMigrations(shop.dataSource);
  await seedCatalog(shop.dataSource, seed);
  return shop;
}

/** A platform DB (PostgreSQL) with the batch's tables (batch_history, repair cycles, ...). */
export async function openBatchPlatform(prefix: string): Promise<IsolatedDb> {
  const platform = await openIsolatedDb('postgres', { prefix });
  const runner = platform.dataSource.createQueryRunner();
  for (const migration of batchMigrations) await new migration().up(runner);
  await runner.release();
  return platform;
}

/** An empty product index, serving (refresh on) behind both aliases of a fresh pair, as after a rebuild. */
export interface ServingIndex {
  client: Client;
  aliases: AliasPair;
  index: string;
}

export async function openServingIndex(
  name: string,
  client: Client = createElasticsearchClient(stackEnv().elasticsearchUrl),
): Promise<ServingIndex> {
  const alias = uniqueName(name);
  const aliases = aliasPairOf(alias);
  const index = await createIndexForBulk(client, alias, productIndexDefinition());
  await restoreServingSettings(client, index);
  await swapAliases(client, aliases, index);
  return { client, aliases, index };
}

/** Deletes the index and closes its client; safe after a set-up that failed half-way. */
export async function closeServingIndex(served: Partial<ServingIndex>): Promise<void> {
  if (served.index) await served.client?.indices.delete({ index: served.index, ignore_unavailable: true });
  await served.client?.close();
}

/** How many documents match `query` through the read alias, after a refresh. */
export async function searchableCount(
  served: Pick<ServingIndex, 'client' | 'aliases'>,
  query: estypes.QueryDslQueryContainer,
): Promise<number> {
  await served.client.indices.refresh({ index: served.aliases.readAlias });
  return (await served.client.count({ index: served.aliases.readAlias, query })).count;
}

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

/** Indexes every product of the shop through the ETL core, so the index starts equal to the DB. */
export async function indexWholeCatalog(
  catalog: ShopCatalog,
  served: ServingIndex,
  options: { batchSize?: number; concurrency?: number } = {},
): Promise<void> {
  const rows: { id: string | number }[] = await catalog.dataSource.query(
    'SELECT id FROM products ORDER BY id',
  );
  await new ProductIndexer(catalog, served.client, {
    index: served.aliases.writeAlias,
    source: 'test',
    ...options,
  }).index(rows.map((r) => Number(r.id)));
  await served.client.indices.refresh({ index: served.index });
}

/** What verify reports through the read alias: the ids missing, extra and stale. */
export async function differences(
  catalog: ShopCatalog,
  served: Pick<ServingIndex, 'client' | 'aliases'>,
  options: { sampleEvery?: number } = {},
) {
  const report = await verifyCatalogue(catalog, served.client, {
    index: served.aliases.readAlias,
    ...options,
  });
  return { missing: report.missing, extra: report.extra, stale: report.stale.map((s) => s.id) };
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
