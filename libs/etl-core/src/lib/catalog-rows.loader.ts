import type {
  CatalogReader,
  CategoryRow,
  ProductIdSpan,
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ProductTagRow,
  ProductTombstoneRow,
  ShopCatalog,
} from '@keel/catalog';
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

/**
 * `loadCatalogRows` for every id of a contiguous range (a rebuild's): the products, their children
 * and the tombstones are read with one `BETWEEN` range scan each instead of lists of ids; the rest
 * (shops, categories, tags: by the ids the products name) is the same. Same snapshot rule.
 */
export function loadCatalogRowsOfRange(catalog: ShopCatalog, range: ProductIdSpan): Promise<CatalogRows> {
  return catalog.snapshot((reader) => loadCatalogRowsOfRangeIn(reader, range));
}

/** `loadCatalogRowsOfRange` inside a snapshot the caller holds. */
export function loadCatalogRowsOfRangeIn(reader: CatalogReader, range: ProductIdSpan): Promise<CatalogRows> {
  return loadWith(reader, {
    products: () => reader.loadProductsInRange(range),
    tombstones: async (gone) => {
      const wanted = new Set(gone);
      return (await reader.loadTombstonesInRange(range)).filter((t) => wanted.has(t.productId));
    },
    options: () => reader.loadOptionsInProductRange(range),
    images: () => reader.loadImagesInProductRange(range),
    productTags: () => reader.loadTagsInProductRange(range),
    gone: (present) => {
      const gone: number[] = [];
      for (let id = range.from; id <= range.to; id++) if (!present.has(id)) gone.push(id);
      return gone;
    },
  });
}

/** `loadCatalogRows` inside a snapshot the caller holds. The loads run one after the other: one connection. */
export function loadCatalogRowsIn(reader: CatalogReader, ids: readonly number[]): Promise<CatalogRows> {
  return loadWith(reader, {
    products: () => reader.loadProductsByIds(ids),
    tombstones: (gone) => reader.loadTombstonesByIds(gone),
    options: (productIds) => reader.loadOptionsByProductIds(productIds),
    images: (productIds) => reader.loadImagesByProductIds(productIds),
    productTags: (productIds) => reader.loadTagsByProductIds(productIds),
    gone: (present) => unique(ids).filter((id) => !present.has(id)),
  });
}

/** How the product rows and their children are selected: by a list of ids or by one id range. */
interface ProductLoads {
  products(): Promise<ProductRow[]>;
  tombstones(gone: number[]): Promise<ProductTombstoneRow[]>;
  options(productIds: number[]): Promise<ProductOptionRow[]>;
  images(productIds: number[]): Promise<ProductImageRow[]>;
  productTags(productIds: number[]): Promise<ProductTagRow[]>;
  /** The asked-for ids without a product row. */
  gone(present: ReadonlySet<number>): number[];
}

async function loadWith(reader: CatalogReader, loads: ProductLoads): Promise<CatalogRows> {
  const products = await loads.products();
  const present = new Set(products.map((p) => p.id));
  const gone = loads.gone(present);
  const tombstones = gone.length > 0 ? await loads.tombstones(gone) : [];
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
  const options = await loads.options(productIds);
  const images = await loads.images(productIds);
  const productTags = await loads.productTags(productIds);
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
