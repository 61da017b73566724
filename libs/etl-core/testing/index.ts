/**
 * @keel/etl-core/testing: the set-up the indexing side's integration tests and benches share, on the
 * real local stack: a seeded shop DB, a product index served under a fresh alias pair, the whole
 * catalogue indexed through the ETL core, and what verify finds. Only tests and benches import it;
 * each keeps its own assertions and waits.
 */
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
import { aliasPairOf, productIndexDefinition } from '@keel/product-index';
import { openIsolatedDb, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { ProductIndexer, verifyCatalogue, type ProductIndexerOptions } from '../src';

/** A shop DB of `dialect` of its own, with the catalogue schema and `seed.products` seeded products. */
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

/** An empty product index, serving (refresh on) behind both aliases of a fresh pair, as after a rebuild. */
export interface ServingIndex {
  client: Client;
  aliases: AliasPair;
  index: string;
}

/** `name` is made unique and is the read alias; the index is `<alias>-<stamp>`. */
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

/** Indexes every product of the shop through the ETL core, so the index starts equal to the DB. */
export async function indexWholeCatalog(
  catalog: ShopCatalog,
  served: ServingIndex,
  options: Partial<Omit<ProductIndexerOptions, 'index'>> = {},
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

/** What verify reports through `index` (the read alias unless given): the ids missing, extra and stale. */
export async function differences(
  catalog: ShopCatalog,
  served: Pick<ServingIndex, 'client' | 'aliases'>,
  options: { sampleEvery?: number; index?: string } = {},
) {
  const report = await verifyCatalogue(catalog, served.client, {
    index: served.aliases.readAlias,
    ...options,
  });
  return { missing: report.missing, extra: report.extra, stale: report.stale.map((s) => s.id) };
}

/** How many documents match `query` through the read alias, after a refresh. */
export async function searchableCount(
  served: Pick<ServingIndex, 'client' | 'aliases'>,
  query: estypes.QueryDslQueryContainer,
): Promise<number> {
  await served.client.indices.refresh({ index: served.aliases.readAlias });
  return (await served.client.count({ index: served.aliases.readAlias, query })).count;
}
