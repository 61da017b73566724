import { type CatalogQuery, withCatalogSession } from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import type { DataSource } from 'typeorm';
import type { ProductSearchInput } from './search-query';

/** Ids picked from the catalogue itself so every question has answers on any seeded or real shop DB. */
export interface CatalogueFacts {
  /** The shops with the most active products, biggest first. */
  topShopIds: number[];
  /** The biggest shop's most common category, and its subcategory and department (path ancestors). */
  leafCategoryId: number;
  subcategoryId: number;
  departmentId: number;
  /** Another top-level category. */
  otherDepartmentId: number;
  /** The two most used tags. */
  tagIds: [number, number];
  /** Lower and upper quartile of the biggest shop's base prices. */
  lowPrice: number;
  highPrice: number;
}

/** One question the shop's JOIN queries used to answer, as a search. */
export interface JoinQuestion {
  name: string;
  search: ProductSearchInput;
}

/**
 * The question shapes (filters × sorts) the search must answer exactly as the JOIN queries did.
 * Free text is not among them: SQL cannot score like the index analyzer.
 */
export function joinQuestions(f: CatalogueFacts): JoinQuestion[] {
  const [shop, ...others] = f.topShopIds;
  const [tag, secondTag] = f.tagIds;
  return [
    { name: 'in stock, newest first', search: { inStock: true, sort: 'newest' } },
    { name: 'department subtree, newest first', search: { categoryId: f.departmentId, sort: 'newest' } },
    {
      name: 'in stock in a department from a shop between two prices, newest first',
      search: {
        categoryId: f.departmentId,
        shopIds: [shop],
        minPrice: f.lowPrice,
        maxPrice: f.highPrice,
        inStock: true,
        sort: 'newest',
      },
    },
    { name: 'one shop, cheapest first', search: { shopIds: [shop], sort: 'price_asc' } },
    {
      name: 'between two prices, most expensive first',
      search: { minPrice: f.lowPrice, maxPrice: f.highPrice, sort: 'price_desc' },
    },
    { name: 'one tag, most popular first', search: { tagIds: [tag], sort: 'popularity' } },
    { name: 'two tags, newest first', search: { tagIds: [tag, secondTag], sort: 'newest' } },
    {
      name: 'leaf category in stock, cheapest first',
      search: { categoryId: f.leafCategoryId, inStock: true, sort: 'price_asc' },
    },
    {
      name: 'subcategory subtree, most popular first',
      search: { categoryId: f.subcategoryId, sort: 'popularity' },
    },
    {
      name: 'three shops under a price, cheapest first',
      search: { shopIds: [shop, ...others].slice(0, 3), maxPrice: f.highPrice, sort: 'price_asc' },
    },
    {
      name: 'subcategory with a tag, relevance without text (id order)',
      search: { categoryId: f.subcategoryId, tagIds: [tag], sort: 'relevance' },
    },
    {
      name: 'in stock with a tag above a price, most expensive first',
      search: { inStock: true, tagIds: [tag], minPrice: f.lowPrice, sort: 'price_desc' },
    },
    {
      name: 'another department in stock, most popular first',
      search: { categoryId: f.otherDepartmentId, inStock: true, sort: 'popularity' },
    },
  ];
}

const quartile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
const roundTo100 = (n: number) => Math.round(n / 100) * 100;

/** Reads the facts the questions need (a few aggregate queries; a full scan of products at most). */
export function readCatalogueFacts(dataSource: DataSource, dialect: SqlDialect): Promise<CatalogueFacts> {
  return withCatalogSession(dataSource, dialect, async (q: CatalogQuery) => {
    const shops = await q(
      "SELECT shop_id, COUNT(*) AS n FROM products WHERE status = 'active' AND shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed') GROUP BY shop_id ORDER BY n DESC, shop_id LIMIT 3",
    );
    if (shops.length === 0) throw new Error('the shop DB has no active products: seed it first');
    const topShopIds = shops.map((r) => Number(r['shop_id']));
    const [common] = await q(
      "SELECT category_id, COUNT(*) AS n FROM products WHERE shop_id = ? AND status = 'active' GROUP BY category_id ORDER BY n DESC, category_id LIMIT 1",
      [topShopIds[0]],
    );
    const leafCategoryId = Number(common['category_id']);
    const [leaf] = await q('SELECT path FROM categories WHERE id = ?', [leafCategoryId]);
    const path = String(leaf?.['path'] ?? `/${leafCategoryId}/`)
      .split('/')
      .filter(Boolean)
      .map(Number);
    const departmentId = path[0];
    const subcategoryId = path[1] ?? departmentId;
    const departments = await q('SELECT id FROM categories WHERE parent_id IS NULL ORDER BY id');
    const otherDepartmentId =
      departments.map((r) => Number(r['id'])).find((id) => id !== departmentId) ?? departmentId;
    const tags = await q(
      'SELECT tag_id, COUNT(*) AS n FROM product_tags GROUP BY tag_id ORDER BY n DESC, tag_id LIMIT 2',
    );
    const tagIds = tags.map((r) => Number(r['tag_id']));
    if (tagIds.length < 2) throw new Error('the shop DB needs at least two tags in use');
    const prices = (
      await q("SELECT base_price FROM products WHERE shop_id = ? AND status = 'active'", [topShopIds[0]])
    )
      .map((r) => Number(r['base_price']))
      .sort((a, b) => a - b);
    return {
      topShopIds,
      leafCategoryId,
      subcategoryId,
      departmentId,
      otherDepartmentId,
      tagIds: [tagIds[0], tagIds[1]],
      lowPrice: roundTo100(quartile(prices, 0.25)),
      highPrice: roundTo100(quartile(prices, 0.75)),
    };
  });
}
