import {
  type CategoryRow,
  type ShopCatalog,
  type ShopRow,
  type TagRow,
  withCatalogSession,
} from '@keel/catalog';
import type { IdRange } from './id-range';
import type { RangeDigest } from './index-comparison';
import { CLOSED_SHOP_STATUSES, SEARCHABLE_STATUSES, categoryIdsOfPath } from './product-document';

/** Searchable-status products of a range grouped by shop and category (one SQL aggregate). */
export interface ProductGroup {
  shopId: number;
  categoryId: number;
  count: number;
  /** Sums of the products' own `row_version` and of their ids. */
  rowVersionSum: number;
  idSum: number;
}

/** Tag links of the range's searchable-status products, grouped by shop and tag (one SQL aggregate). */
export interface TagLinkGroup {
  shopId: number;
  tagId: number;
  count: number;
}

export interface DigestParents {
  shops: readonly ShopRow[];
  /** The groups' categories and every ancestor on their paths that exists. */
  categories: readonly CategoryRow[];
  tags: readonly TagRow[];
}

/**
 * The DB side of a range's digest, from aggregates instead of documents. A document's version is
 * the product's counter + its shop's + the distinct categories' of its chain + its linked tags'
 * (`documentVersion`), so the sum over a range is the products' sum plus, per (shop, category)
 * group, count × (shop + chain), plus, per (shop, tag) link group, count × tag. Products of a
 * closed shop are not searchable and count for nothing. Pure; equal to
 * `digestOfActions(planIndexActions(...))` over the same rows (unit test beside it).
 */
export function digestFromGroups(
  groups: readonly ProductGroup[],
  links: readonly TagLinkGroup[],
  parents: DigestParents,
): RangeDigest {
  const shops = new Map(parents.shops.map((s) => [s.id, s]));
  const categories = new Map(parents.categories.map((c) => [c.id, c]));
  const tags = new Map(parents.tags.map((t) => [t.id, t.rowVersion]));
  const searchableShop = (shopId: number) => {
    const shop = shops.get(shopId);
    return !shop || !CLOSED_SHOP_STATUSES.has(shop.status);
  };
  const chainSum = (categoryId: number) => {
    const own = categories.get(categoryId);
    const ids = new Set([categoryId, ...(own ? categoryIdsOfPath(own.path) : [])]);
    let sum = 0;
    for (const id of ids) sum += categories.get(id)?.rowVersion ?? 0;
    return sum;
  };
  const digest: RangeDigest = { count: 0, versionSum: 0, idSum: 0 };
  for (const g of groups) {
    if (!searchableShop(g.shopId)) continue;
    digest.count += g.count;
    digest.idSum += g.idSum;
    digest.versionSum +=
      g.rowVersionSum + g.count * ((shops.get(g.shopId)?.rowVersion ?? 0) + chainSum(g.categoryId));
  }
  for (const l of links) {
    if (searchableShop(l.shopId)) digest.versionSum += l.count * (tags.get(l.tagId) ?? 0);
  }
  return digest;
}

const unique = (values: Iterable<number>) => [...new Set(values)];
const statusList = [...SEARCHABLE_STATUSES];

/**
 * The DB side of a range's digest: two aggregate queries over the range (products by shop and
 * category; tag links by shop and tag) and by-id loads of the few parents they name. No document is
 * built. The parts are not read in one snapshot: a write in between makes the digests differ and
 * the range is then compared id by id, which is exact.
 */
export async function databaseDigest(catalog: ShopCatalog, range: IdRange): Promise<RangeDigest> {
  const statuses = statusList.map(() => '?').join(', ');
  const [rawGroups, rawLinks] = await withCatalogSession(catalog.dataSource, catalog.dialect, async (q) => [
    await q(
      `SELECT shop_id, category_id, COUNT(*) AS n, SUM(row_version) AS rv, SUM(id) AS ids FROM products
       WHERE id BETWEEN ? AND ? AND status IN (${statuses}) GROUP BY shop_id, category_id`,
      [range.from, range.to, ...statusList],
    ),
    await q(
      `SELECT p.shop_id, l.tag_id, COUNT(*) AS n FROM product_tags l JOIN products p ON p.id = l.product_id
       WHERE l.product_id BETWEEN ? AND ? AND p.status IN (${statuses}) GROUP BY p.shop_id, l.tag_id`,
      [range.from, range.to, ...statusList],
    ),
  ]);
  const groups: ProductGroup[] = rawGroups.map((r) => ({
    shopId: Number(r['shop_id']),
    categoryId: Number(r['category_id']),
    count: Number(r['n']),
    rowVersionSum: Number(r['rv']),
    idSum: Number(r['ids']),
  }));
  const links: TagLinkGroup[] = rawLinks.map((r) => ({
    shopId: Number(r['shop_id']),
    tagId: Number(r['tag_id']),
    count: Number(r['n']),
  }));
  const [shops, own, tags] = await Promise.all([
    catalog.loadShopsByIds(unique(groups.map((g) => g.shopId))),
    catalog.loadCategoriesByIds(unique(groups.map((g) => g.categoryId))),
    catalog.loadTagsByIds(unique(links.map((l) => l.tagId))),
  ]);
  const known = new Set(own.map((c) => c.id));
  const ancestorIds = unique(own.flatMap((c) => categoryIdsOfPath(c.path))).filter((id) => !known.has(id));
  const ancestors = ancestorIds.length > 0 ? await catalog.loadCategoriesByIds(ancestorIds) : [];
  return digestFromGroups(groups, links, { shops, categories: [...own, ...ancestors], tags });
}
