import { FRESHNESS_CANARY_BRAND, searchableProductSql } from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import type { ProductSearch } from './search-query';

/** A statement with `?` placeholders (turned into `$n` for PostgreSQL by the catalogue session). */
export interface JoinStatement {
  sql: string;
  params: unknown[];
}

/** A search that SQL cannot answer the way the index does (free text is scored by the analyzer). */
export class NotAnswerableBySql extends Error {
  constructor(what: string) {
    super(`NotAnswerableBySql: ${what}`);
    this.name = 'NotAnswerableBySql';
  }
}

const inList = (dialect: SqlDialect, column: string) =>
  dialect === 'mysql' ? `${column} IN (?)` : `${column} = ANY(?::bigint[])`;

// The index stores popularity as a 32-bit float; rounding the double the same way keeps ties equal
const popularityAsIndexed = (dialect: SqlDialect) =>
  dialect === 'mysql' ? 'CAST(p.popularity_score AS FLOAT)' : 'CAST(p.popularity_score AS REAL)';

// What the document builder computes as price_min: the cheapest option, or the base price without options
// (MIN of the one base price of the group: MariaDB's HAVING sees only grouped or aggregated columns)
const lowestPrice = 'COALESCE(MIN(o.price), MIN(p.base_price))';

function orderBy(search: ProductSearch, dialect: SqlDialect): string {
  switch (search.sort) {
    case 'relevance':
      // without text every hit scores the same, so the id decides
      return 'p.id ASC';
    case 'price_asc':
      return `${lowestPrice} ASC, p.id ASC`;
    case 'price_desc':
      return `${lowestPrice} DESC, p.id ASC`;
    case 'newest':
      return 'p.created_at DESC, p.id DESC';
    case 'popularity':
      return `${popularityAsIndexed(dialect)} DESC, p.id ASC`;
  }
}

/** The product columns a JOIN query returns in `columns: 'rows'` mode (what the old queries selected). */
export const productJoinColumns =
  'p.id, p.shop_id, p.category_id, p.name_ko, p.name_en, p.description, p.brand, p.status, p.base_price, ' +
  'p.popularity_score, p.created_at, p.update_ts';

export interface JoinSqlOptions {
  /** `ids`: just `p.id` (equivalence); `rows`: the product columns too (the benchmark's old query). */
  columns?: 'ids' | 'rows';
  limit?: number;
  offset?: number;
}

function fromWhereGroup(search: ProductSearch, dialect: SqlDialect, columns: string): JoinStatement {
  if (search.text) throw new NotAnswerableBySql(`free text "${search.text}" (scored by the index analyzer)`);
  const joins: string[] = [];
  // the index's rule (etl-core): active products of shops that are not closed; and search's own
  // rule: never the freshness probe's canary (a NULL brand is not the canary)
  const where = [searchableProductSql('p'), `(p.brand IS NULL OR p.brand <> '${FRESHNESS_CANARY_BRAND}')`];
  const params: unknown[] = [];
  const having: string[] = [];
  if (search.categoryId !== undefined) {
    // a subtree is a path prefix: /1/ covers /1/10/ and /1/10/11/
    joins.push(
      'JOIN categories c ON c.id = p.category_id',
      "JOIN categories sub ON sub.id = ? AND c.path LIKE CONCAT(sub.path, '%')",
    );
    params.push(search.categoryId);
  }
  joins.push('LEFT JOIN product_options o ON o.product_id = p.id');
  if (search.tagIds) {
    joins.push(`JOIN product_tags pt ON pt.product_id = p.id AND ${inList(dialect, 'pt.tag_id')}`);
    params.push(search.tagIds);
    having.push(`COUNT(DISTINCT pt.tag_id) = ${search.tagIds.length}`);
  }
  if (search.shopIds) {
    where.push(inList(dialect, 'p.shop_id'));
    params.push(search.shopIds);
  }
  if (search.minPrice !== undefined) {
    having.push(`${lowestPrice} >= ?`);
    params.push(search.minPrice);
  }
  if (search.maxPrice !== undefined) {
    having.push(`${lowestPrice} <= ?`);
    params.push(search.maxPrice);
  }
  // in stock: some option has stock (the tag join may repeat option rows, so MAX, not SUM)
  if (search.inStock) having.push('MAX(o.stock) > 0');
  const sql =
    `SELECT ${columns} FROM products p ${joins.join(' ')} WHERE ${where.join(' AND ')} GROUP BY p.id` +
    (having.length > 0 ? ` HAVING ${having.join(' AND ')}` : '');
  return { sql, params };
}

/**
 * The question a search asks, written the way the shop answered it before the index: one SQL query
 * that JOINs products with categories, options and tags and groups by product. Used to prove the search
 * path returns the same ids in the same order, and as the benchmark's baseline.
 */
export function joinSqlFor(
  search: ProductSearch,
  dialect: SqlDialect,
  options: JoinSqlOptions = {},
): JoinStatement {
  const columns = options.columns === 'rows' ? productJoinColumns : 'p.id';
  const statement = fromWhereGroup(search, dialect, columns);
  let sql = `${statement.sql} ORDER BY ${orderBy(search, dialect)}`;
  if (options.limit !== undefined) sql += ` LIMIT ${Math.floor(options.limit)}`;
  if (options.offset !== undefined) sql += ` OFFSET ${Math.floor(options.offset)}`;
  return { sql, params: statement.params };
}

/** How many products the question matches (the index's total hits must equal it). */
export function joinCountSqlFor(search: ProductSearch, dialect: SqlDialect): JoinStatement {
  const statement = fromWhereGroup(search, dialect, 'p.id');
  return { sql: `SELECT COUNT(*) AS n FROM (${statement.sql}) matches`, params: statement.params };
}
