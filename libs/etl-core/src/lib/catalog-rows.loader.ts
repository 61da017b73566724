import type { CategoryRow, ShopCatalog } from '@keel/catalog';
import { categoryIdsOfPath, type CatalogRows } from './product-document';

const unique = (values: Iterable<number>) => [...new Set(values)];

/**
 * Reads everything the documents of `ids` are built from, by ID only: one `WHERE id IN (…)` per
 * table, children by their parent IDs, no JOINs. Categories take a second select only for ancestors
 * that the products' own categories did not bring.
 */
export async function loadCatalogRows(catalog: ShopCatalog, ids: readonly number[]): Promise<CatalogRows> {
  const products = await catalog.loadProductsByIds(ids);
  const productIds = products.map((p) => p.id);
  if (productIds.length === 0) {
    return { products, options: [], images: [], productTags: [], tags: [], shops: [], categories: [] };
  }
  const [options, images, productTags, shops, ownCategories] = await Promise.all([
    catalog.loadOptionsByProductIds(productIds),
    catalog.loadImagesByProductIds(productIds),
    catalog.loadTagsByProductIds(productIds),
    catalog.loadShopsByIds(unique(products.map((p) => p.shopId))),
    catalog.loadCategoriesByIds(unique(products.map((p) => p.categoryId))),
  ]);
  const known = new Set(ownCategories.map((c) => c.id));
  const ancestorIds = unique(ownCategories.flatMap((c) => categoryIdsOfPath(c.path))).filter(
    (id) => !known.has(id),
  );
  const [tags, ancestors] = await Promise.all([
    catalog.loadTagsByIds(unique(productTags.map((t) => t.tagId))),
    ancestorIds.length > 0 ? catalog.loadCategoriesByIds(ancestorIds) : Promise.resolve<CategoryRow[]>([]),
  ]);
  return {
    products,
    options,
    images,
    productTags,
    tags,
    shops,
    categories: [...ownCategories, ...ancestors],
  };
}
