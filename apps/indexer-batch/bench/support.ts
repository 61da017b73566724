import type { Client } from '@elastic/elasticsearch';
import type { ShopCatalog } from '@keel/catalog';
import { createIndexForBulk, restoreServingSettings, swapAliases } from '@keel/es-alias';
import { ProductIndexer } from '@keel/etl-core';
import { aliasPairOf, productIndexDefinition } from '@keel/product-index';

// What indexer-batch's benches share: the bench catalogue indexed as a rebuild does it.

/** The bench's indexer: through the ETL core, 1000 ids a round, four in flight. */
export const benchIndexer = (catalog: ShopCatalog, client: Client, into: string) =>
  new ProductIndexer(catalog, client, { index: into, source: 'bench', batchSize: 1000, concurrency: 4 });

/**
 * A new `<alias>-<stamp>` index bulk-loaded with `ids` (no refresh while it fills), then given the
 * serving settings (refresh every second) and both aliases. `seconds`: from the first bulk to serving.
 */
export async function loadServingIndex(
  catalog: ShopCatalog,
  client: Client,
  alias: string,
  ids: number[],
): Promise<{ index: string; seconds: number }> {
  const index = await createIndexForBulk(client, alias, productIndexDefinition());
  const started = performance.now();
  await benchIndexer(catalog, client, index).index(ids);
  await restoreServingSettings(client, index);
  await swapAliases(client, aliasPairOf(alias), index);
  return { index, seconds: (performance.now() - started) / 1000 };
}
