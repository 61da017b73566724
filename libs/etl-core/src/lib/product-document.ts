import { CLOSED_SHOP_STATUSES, SEARCHABLE_STATUSES } from '@keel/catalog';
import type { ProductDocument } from '@keel/product-index';
import type {
  CategoryRow,
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ProductTagRow,
  ProductTombstoneRow,
  ShopRow,
  TagRow,
} from '@keel/catalog';

/** Everything read by ID for a set of products: one list per table, in any order. */
export interface CatalogRows {
  products: ProductRow[];
  options: ProductOptionRow[];
  images: ProductImageRow[];
  productTags: ProductTagRow[];
  tags: TagRow[];
  shops: ShopRow[];
  categories: CategoryRow[];
  /** Tombstones of requested ids that no longer exist (final version + 1). */
  tombstones: ProductTombstoneRow[];
  /** The version an id without a product row or tombstone is deleted with. */
  versionFloor: number;
}

/** What to do with one product id: write this document, or delete whatever the index holds. */
export type IndexAction =
  | { kind: 'upsert'; id: number; version: number; document: ProductDocument }
  | { kind: 'delete'; id: number; version: number; reason: 'missing' | 'not-searchable' };

/** Which products are searchable (active, shop not closed) is the catalogue's rule, shared with its SQL. */
export { CLOSED_SHOP_STATUSES, SEARCHABLE_STATUSES };

/**
 * The category ids of a materialised path like `/1/5/23/`, root first. Only parts of 1–15 digits
 * count: the database's `keel_path_version` reads a path by the same rule.
 */
export function categoryIdsOfPath(path: string): number[] {
  return path
    .split('/')
    .filter((part) => /^[0-9]{1,15}$/.test(part))
    .map(Number);
}

/** The parts of a document's version: the counters of every row it is built from. */
export interface VersionParts {
  product: ProductRow;
  shop: ShopRow | undefined;
  /** The rows of {category_id} ∪ its path's ids that exist. */
  categories: readonly CategoryRow[];
  /** The tags of the product's links that exist. */
  tags: readonly TagRow[];
}

/**
 * The external version of a document: the product's counter + its shop's + the distinct categories'
 * of its chain + the distinct linked tags'. The triggers keep this sum strictly increasing over
 * committed states and equal only when no row it is built from changed (the proof is in
 * libs/catalog/src/lib/schema/row-version-ddl.ts). No clock is involved.
 */
export function documentVersion(parts: VersionParts): number {
  const distinct = <T extends { id: number; rowVersion: number }>(rows: readonly T[]) =>
    [...new Map(rows.map((r) => [r.id, r.rowVersion])).values()].reduce((sum, v) => sum + v, 0);
  const version =
    parts.product.rowVersion +
    (parts.shop?.rowVersion ?? 0) +
    distinct(parts.categories) +
    distinct(parts.tags);
  // ES takes external versions below 2^63; a JS number is exact below 2^53
  if (!Number.isSafeInteger(version))
    throw new RangeError(`product ${parts.product.id}: version ${version} is not exact`);
  return version;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

const newest = (dates: Iterable<Date>): number => {
  let max = 0;
  for (const d of dates) max = Math.max(max, d.getTime());
  return max;
};

/**
 * Turns rows read by ID (in one snapshot) into one action per requested id. Pure: the same rows
 * give the same actions, whatever order the rows came in.
 *
 * The external version is `documentVersion`: DB-kept counters, so a newer committed state always
 * carries a higher version and Elasticsearch rejects an older one (`external_gte`; an equal version
 * is the same state). That is how reordered and replayed events die.
 *
 * An id with no product row is deleted with its tombstone's version (final version + 1), or the
 * floor when it has none: both from the database, never from a clock.
 */
export function planIndexActions(ids: readonly number[], rows: CatalogRows): IndexAction[] {
  const products = new Map(rows.products.map((p) => [p.id, p]));
  const options = groupBy(rows.options, (o) => o.productId);
  const images = groupBy(rows.images, (i) => i.productId);
  const links = groupBy(rows.productTags, (t) => t.productId);
  const tags = new Map(rows.tags.map((t) => [t.id, t]));
  const shops = new Map(rows.shops.map((s) => [s.id, s]));
  const categories = new Map(rows.categories.map((c) => [c.id, c]));
  const tombstones = new Map(rows.tombstones.map((t) => [t.productId, t.version]));

  return [...new Set(ids)].map((id): IndexAction => {
    const product = products.get(id);
    if (!product) {
      return { kind: 'delete', id, version: tombstones.get(id) ?? rows.versionFloor, reason: 'missing' };
    }

    const productOptions = [...(options.get(id) ?? [])].sort((a, b) => a.id - b.id);
    const productImages = [...(images.get(id) ?? [])].sort(
      (a, b) => a.sortOrder - b.sortOrder || a.id - b.id,
    );
    const productLinks = [...(links.get(id) ?? [])].sort((a, b) => a.tagId - b.tagId);
    const productTags = productLinks
      .map((l) => tags.get(l.tagId))
      .filter((t): t is TagRow => t !== undefined);
    const shop = shops.get(product.shopId);
    const category = categories.get(product.categoryId);
    const categoryIds = category ? categoryIdsOfPath(category.path) : [product.categoryId];
    const categoryChain = categoryIds.map((cid) => categories.get(cid)).filter((c): c is CategoryRow => !!c);

    const chainIds = [...new Set([product.categoryId, ...categoryIds])];
    const version = documentVersion({
      product,
      shop,
      categories: chainIds.map((cid) => categories.get(cid)).filter((c): c is CategoryRow => !!c),
      tags: productTags,
    });
    // shown to people only: the newest update_ts of everything in the document
    const updatedAt = newest([
      product.updateTs,
      ...productOptions.map((o) => o.updateTs),
      ...productImages.map((i) => i.updateTs),
      ...productLinks.map((l) => l.updateTs),
      ...productTags.map((t) => t.updateTs),
      ...(shop ? [shop.updateTs] : []),
      ...categoryChain.map((c) => c.updateTs),
    ]);

    if (!SEARCHABLE_STATUSES.has(product.status) || (shop && CLOSED_SHOP_STATUSES.has(shop.status))) {
      return { kind: 'delete', id, version, reason: 'not-searchable' };
    }

    const prices = productOptions.length > 0 ? productOptions.map((o) => o.price) : [product.basePrice];
    const stockTotal = productOptions.reduce((sum, o) => sum + Math.max(0, o.stock), 0);
    const document: ProductDocument = {
      id,
      version,
      name_ko: product.nameKo,
      name_en: product.nameEn,
      description: product.description,
      brand: product.brand,
      status: product.status,
      shop_id: product.shopId,
      shop_name: shop?.name ?? null,
      category_id: product.categoryId,
      category_ids: categoryIds.length > 0 ? categoryIds : [product.categoryId],
      category_names: categoryChain.flatMap((c) => [c.nameKo, c.nameEn]),
      price_min: Math.min(...prices),
      price_max: Math.max(...prices),
      in_stock: stockTotal > 0,
      stock_total: stockTotal,
      options: productOptions.map((o) => ({
        sku: o.sku,
        name_ko: o.nameKo,
        name_en: o.nameEn,
        price: o.price,
        stock: o.stock,
      })),
      image_urls: productImages.map((i) => i.url),
      tags: productTags.flatMap((t) => [t.nameKo, t.nameEn]),
      tag_ids: productTags.map((t) => t.id),
      popularity: product.popularityScore,
      created_at: product.createdAt.toISOString(),
      updated_at: new Date(updatedAt).toISOString(),
    };
    return { kind: 'upsert', id, version, document };
  });
}
