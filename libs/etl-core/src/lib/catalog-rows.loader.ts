import type { CatalogReader, CategoryRow, ShopCatalog } from '@keel/catalog';
import { categoryIdsOfPath, type CatalogRows } from './product-document';

const unique = (values: Iterable<number>) => [...new Set(values)];

/**
 * Reads everything the documents of `ids` are built from, by ID only: one `WHERE id IN (…)` per
 * table, children by their parent IDs, no JOINs; tombstones and the version floor for ids that are
 * gone. All in one REPEATABLE READ snapshot (`ShopCatalog.snapshot`): the rows and the counters the
 * version is summed from are one committed state, whatever commits meanwhile.
 */
export function loadCatalogRows(catalog: ShopCatalog, ids: readonly number[]): Promise<CatalogRows> {
  return catalog.snapshot((reader) => loadCatalogRowsIn(reader, ids));
}

/** `loadCatalogRows` inside a snapshot the caller holds. The loads run one after the other: one connection. */
export async function loadCatalogRowsIn(reader: CatalogReader, ids: readonly number[]): Promise<CatalogRows> {
  const products = await reader.loadProductsByIds(ids);
  const present = new Set(products.map((p) => p.id));
  const gone = unique(ids).filter((id) => !present.has(id));
  const tombstones = gone.length > 0 ? await reader.loadTombstonesByIds(gone) : [];
  const versionFloor = await reader.versionFloor();
  const productIds = products.map((p) => p.id);
  if (productIds.length === 0) {
    return {
      products,
      options: [],
      images: [],
      productTags: [],
      tags: [],
      shops: [],
      categories: [],
      tombstones,
      versionFloor,
    };
  }
  const options = await reader.loadOptionsByProductIds(productIds);
  const images = await reader.loadImagesByProductIds(productIds);
  const productTags = await reader.loadTagsByProductIds(productIds);
  const shops = await reader.loadShopsByIds(unique(products.map((p) => p.shopId)));
  const ownCategories = await reader.loadCategoriesByIds(unique(products.map((p) => p.categoryId)));
  const known = new Set(ownCategories.map((c) => c.id));
  const ancestorIds = unique(ownCategories.flatMap((c) => categoryIdsOfPath(c.path))).filter(
    (id) => !known.has(id),
  );
  const tags = await reader.loadTagsByIds(unique(productTags.map((t) => t.tagId)));
  const ancestors: CategoryRow[] =
    ancestorIds.length > 0 ? await reader.loadCategoriesByIds(ancestorIds) : [];
  return {
    products,
    options,
    images,
    productTags,
    tags,
    shops,
    categories: [...ownCategories, ...ancestors],
    tombstones,
    versionFloor,
  };
}
