import type {
  CategoryRow,
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ShopCatalog,
  ShopRow,
  TagRow,
} from '@keel/catalog';
import DataLoader from 'dataloader';

const byKey = <K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): (T | null)[] => {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
};

const groupedByKey = <K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] => {
  const groups = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
};

/**
 * The DataLoaders of one GraphQL request: each resolves a whole page's worth of keys with one
 * `WHERE id IN (…)` per table (through `ShopCatalog`), so a page costs the same number of statements
 * whatever its size. Never shared between requests: a loader caches what it loaded.
 */
export class ProductLoaders {
  readonly product: DataLoader<number, ProductRow | null>;
  readonly shop: DataLoader<number, ShopRow | null>;
  readonly category: DataLoader<number, CategoryRow | null>;
  readonly options: DataLoader<number, ProductOptionRow[]>;
  readonly images: DataLoader<number, ProductImageRow[]>;
  readonly tags: DataLoader<number, TagRow[]>;

  constructor(catalog: ShopCatalog) {
    this.product = new DataLoader(async (ids) =>
      byKey(ids, await catalog.loadProductsByIds(ids), (r) => r.id),
    );
    this.shop = new DataLoader(async (ids) => byKey(ids, await catalog.loadShopsByIds(ids), (r) => r.id));
    this.category = new DataLoader(async (ids) =>
      byKey(ids, await catalog.loadCategoriesByIds(ids), (r) => r.id),
    );
    this.options = new DataLoader(async (ids) =>
      groupedByKey(ids, await catalog.loadOptionsByProductIds(ids), (r) => r.productId),
    );
    this.images = new DataLoader(async (ids) =>
      groupedByKey(ids, await catalog.loadImagesByProductIds(ids), (r) => r.productId),
    );
    // two statements per batch: the links, then the tags they name
    this.tags = new DataLoader(async (ids) => {
      const links = await catalog.loadTagsByProductIds(ids);
      const tags = new Map(
        (await catalog.loadTagsByIds([...new Set(links.map((l) => l.tagId))])).map((t) => [t.id, t]),
      );
      return groupedByKey(ids, links, (l) => l.productId).map((productLinks) =>
        productLinks.map((l) => tags.get(l.tagId)).filter((t): t is TagRow => t !== undefined),
      );
    });
  }
}

const perRequest = new WeakMap<object, ProductLoaders>();

/** The loaders of the request whose GraphQL context this is (created on first use). */
export function loadersOf(context: object, catalog: ShopCatalog): ProductLoaders {
  let loaders = perRequest.get(context);
  if (!loaders) {
    loaders = new ProductLoaders(catalog);
    perRequest.set(context, loaders);
  }
  return loaders;
}
