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
  const version =
    parts.product.rowVersion +
    (parts.shop?.rowVersion ?? 0) +
    distinctVersionSum(parts.categories) +
    distinctVersionSum(parts.tags);
  // ES takes external versions below 2^63; a JS number is exact below 2^53
  if (!Number.isSafeInteger(version))
    throw new RangeError(`product ${parts.product.id}: version ${version} is not exact`);
  return version;
}

/** The sum of `rowVersion` over rows of distinct ids (a row listed twice counts once). */
function distinctVersionSum(rows: readonly { id: number; rowVersion: number }[]): number {
  let sum = 0;
  // the lists are a few rows long: a scan is cheaper than a Set
  for (let i = 0; i < rows.length; i++) {
    let repeated = false;
    for (let j = 0; j < i && !repeated; j++) repeated = rows[j].id === rows[i].id;
    if (!repeated) sum += rows[i].rowVersion;
  }
  return sum;
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

/**
 * What every product of one category shares: its chain's ids, names, version part and newest update.
 * Its arrays go into every document of the category as they are (documents are never mutated).
 */
interface CategoryPart {
  /** The path's ids, root first (`[categoryId]` when the category row or its path is missing). */
  ids: number[];
  /** The existing rows of {categoryId} ∪ path ids: what the category adds to a document's version. */
  versionRows: CategoryRow[];
  /** The newest `update_ts` of the chain's existing rows (0 for none). */
  newestMs: number;
  names: string[];
}

function categoryPartOf(categoryId: number, categories: ReadonlyMap<number, CategoryRow>): CategoryPart {
  const own = categories.get(categoryId);
  const pathIds = own ? categoryIdsOfPath(own.path) : [categoryId];
  let newestMs = 0;
  const names: string[] = [];
  for (const cid of pathIds) {
    const row = categories.get(cid);
    if (!row) continue;
    newestMs = Math.max(newestMs, row.updateTs.getTime());
    names.push(row.nameKo, row.nameEn);
  }
  const versionRows = [...new Set([categoryId, ...pathIds])]
    .map((cid) => categories.get(cid))
    .filter((c): c is CategoryRow => c !== undefined);
  return { ids: pathIds.length > 0 ? pathIds : [categoryId], versionRows, newestMs, names };
}

const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
const byImageOrder = (a: ProductImageRow, b: ProductImageRow) => a.sortOrder - b.sortOrder || a.id - b.id;
const byTagId = (a: ProductTagRow, b: ProductTagRow) => a.tagId - b.tagId;
const none: never[] = [];

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

  // one category's part serves every product of that category in the batch
  const categoryParts = new Map<number, CategoryPart>();

  // Written for the recovery's hot path (every document of a rebuild passes here): grouped rows are
  // sorted in place (the groups are this call's own arrays), loops instead of chains of spreads, and
  // what a category contributes computed once per category. The result is the same as the rule in
  // `documentVersion` and the field list below say; product-document.spec.ts holds both to it.
  return [...new Set(ids)].map((id): IndexAction => {
    const product = products.get(id);
    if (!product) {
      return { kind: 'delete', id, version: tombstones.get(id) ?? rows.versionFloor, reason: 'missing' };
    }

    const productOptions = options.get(id)?.sort(byId) ?? none;
    const productImages = images.get(id)?.sort(byImageOrder) ?? none;
    const productLinks = links.get(id)?.sort(byTagId) ?? none;
    const productTags: TagRow[] = [];
    for (const link of productLinks) {
      const tag = tags.get(link.tagId);
      if (tag) productTags.push(tag);
    }
    const shop = shops.get(product.shopId);
    let category = categoryParts.get(product.categoryId);
    if (!category) {
      category = categoryPartOf(product.categoryId, categories);
      categoryParts.set(product.categoryId, category);
    }

    const version = documentVersion({ product, shop, categories: category.versionRows, tags: productTags });

    // shown to people only: the newest update_ts of everything in the document
    let updatedAt = Math.max(0, product.updateTs.getTime(), category.newestMs);
    for (const o of productOptions) updatedAt = Math.max(updatedAt, o.updateTs.getTime());
    for (const i of productImages) updatedAt = Math.max(updatedAt, i.updateTs.getTime());
    for (const l of productLinks) updatedAt = Math.max(updatedAt, l.updateTs.getTime());
    for (const t of productTags) updatedAt = Math.max(updatedAt, t.updateTs.getTime());
    if (shop) updatedAt = Math.max(updatedAt, shop.updateTs.getTime());

    if (!SEARCHABLE_STATUSES.has(product.status) || (shop && CLOSED_SHOP_STATUSES.has(shop.status))) {
      return { kind: 'delete', id, version, reason: 'not-searchable' };
    }

    let priceMin = productOptions.length > 0 ? Infinity : product.basePrice;
    let priceMax = productOptions.length > 0 ? -Infinity : product.basePrice;
    let stockTotal = 0;
    const documentOptions: ProductDocument['options'] = [];
    for (const o of productOptions) {
      priceMin = Math.min(priceMin, o.price);
      priceMax = Math.max(priceMax, o.price);
      stockTotal += Math.max(0, o.stock);
      documentOptions.push({
        sku: o.sku,
        name_ko: o.nameKo,
        name_en: o.nameEn,
        price: o.price,
        stock: o.stock,
      });
    }
    const tagNames: string[] = [];
    const tagIds: number[] = [];
    for (const t of productTags) {
      tagNames.push(t.nameKo, t.nameEn);
      tagIds.push(t.id);
    }
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
      category_ids: category.ids,
      category_names: category.names,
      price_min: priceMin,
      price_max: priceMax,
      in_stock: stockTotal > 0,
      stock_total: stockTotal,
      options: documentOptions,
      image_urls: productImages.map((i) => i.url),
      tags: tagNames,
      tag_ids: tagIds,
      popularity: product.popularityScore,
      created_at: product.createdAt.toISOString(),
      updated_at: new Date(updatedAt).toISOString(),
    };
    return { kind: 'upsert', id, version, document };
  });
}
