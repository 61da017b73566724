import type {
  CategoryRow,
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ProductTagRow,
  ShopRow,
  TagRow,
} from '@keel/catalog';

/** The denormalised search document of one product (the index mapping is `productIndexDefinition`). */
export interface ProductDocument {
  id: number;
  version: number;
  name_ko: string;
  name_en: string;
  description: string;
  brand: string | null;
  status: string;
  shop_id: number;
  shop_name: string | null;
  category_id: number;
  category_ids: number[];
  category_names: string[];
  price_min: number;
  price_max: number;
  in_stock: boolean;
  stock_total: number;
  options: { sku: string; name_ko: string; name_en: string; price: number; stock: number }[];
  image_urls: string[];
  tags: string[];
  tag_ids: number[];
  popularity: number;
  created_at: string;
  updated_at: string;
}

/** Everything read by ID for a set of products: one list per table, in any order. */
export interface CatalogRows {
  products: ProductRow[];
  options: ProductOptionRow[];
  images: ProductImageRow[];
  productTags: ProductTagRow[];
  tags: TagRow[];
  shops: ShopRow[];
  categories: CategoryRow[];
}

/** What to do with one product id: write this document, or delete whatever the index holds. */
export type IndexAction =
  | { kind: 'upsert'; id: number; version: number; document: ProductDocument }
  | { kind: 'delete'; id: number; version: number; reason: 'missing' | 'not-searchable' };

/** Only active products are searchable; hidden and soft-deleted ones leave the index. */
export const SEARCHABLE_STATUSES: ReadonlySet<string> = new Set(['active']);

/**
 * Products of a closed shop leave search, and come back when it reopens: the shop's change reaches
 * them by the batch's parent fan-out. A product whose shop row is missing stays searchable (without
 * a shop name).
 */
export const CLOSED_SHOP_STATUSES: ReadonlySet<string> = new Set(['closed']);

/** The category ids of a materialised path like `/1/5/23/`, root first. */
export function categoryIdsOfPath(path: string): number[] {
  return path
    .split('/')
    .filter((part) => part !== '')
    .map(Number)
    .filter((id) => Number.isSafeInteger(id));
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
 * Turns rows read by ID into one action per requested id. Pure: the same rows give the same
 * actions, whatever order the rows came in.
 *
 * The external version is the newest `update_ts` (ms) among everything the document is built from:
 * the product row, its options, images and tag links, and the shop, categories and tags it shows.
 * A newer read therefore always carries a version at least as high, and Elasticsearch rejects an
 * older one (`external_gte`): that is how reordered and replayed events die.
 *
 * An id with no product row is deleted with version `deletedAtMs` (the time the absence was seen);
 * ids are never reused, so that delete is final.
 */
export function planIndexActions(
  ids: readonly number[],
  rows: CatalogRows,
  deletedAtMs: number,
): IndexAction[] {
  const products = new Map(rows.products.map((p) => [p.id, p]));
  const options = groupBy(rows.options, (o) => o.productId);
  const images = groupBy(rows.images, (i) => i.productId);
  const links = groupBy(rows.productTags, (t) => t.productId);
  const tags = new Map(rows.tags.map((t) => [t.id, t]));
  const shops = new Map(rows.shops.map((s) => [s.id, s]));
  const categories = new Map(rows.categories.map((c) => [c.id, c]));

  return [...new Set(ids)].map((id): IndexAction => {
    const product = products.get(id);
    if (!product) return { kind: 'delete', id, version: deletedAtMs, reason: 'missing' };

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

    const version = newest([
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
      updated_at: new Date(version).toISOString(),
    };
    return { kind: 'upsert', id, version, document };
  });
}
