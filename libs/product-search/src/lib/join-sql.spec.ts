import { NotAnswerableBySql, joinCountSqlFor, joinSqlFor } from './join-sql';
import { firstDifference } from './join-equivalence';

describe('joinSqlFor', () => {
  it('writes the issue example as one JOIN query, MySQL flavour', () => {
    const { sql, params } = joinSqlFor(
      { categoryId: 5, shopIds: [7], minPrice: 1000, maxPrice: 5000, inStock: true, sort: 'newest' },
      'mysql',
      { limit: 20 },
    );
    expect(sql).toBe(
      'SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id' +
        " JOIN categories sub ON sub.id = ? AND c.path LIKE CONCAT(sub.path, '%')" +
        ' LEFT JOIN product_options o ON o.product_id = p.id' +
        " WHERE p.status = 'active' AND p.shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed')" +
        " AND (p.brand IS NULL OR p.brand <> 'keel-freshness-canary') AND p.shop_id IN (?) GROUP BY p.id" +
        ' HAVING COALESCE(MIN(o.price), MIN(p.base_price)) >= ? AND COALESCE(MIN(o.price), MIN(p.base_price)) <= ? AND MAX(o.stock) > 0' +
        ' ORDER BY p.created_at DESC, p.id DESC LIMIT 20',
    );
    expect(params).toEqual([5, [7], 1000, 5000]);
  });

  it('uses arrays and REAL on PostgreSQL, and requires every tag', () => {
    const { sql, params } = joinSqlFor({ tagIds: [2, 3], sort: 'popularity' }, 'postgres');
    expect(sql).toContain('JOIN product_tags pt ON pt.product_id = p.id AND pt.tag_id = ANY(?::bigint[])');
    expect(sql).toContain('HAVING COUNT(DISTINCT pt.tag_id) = 2');
    expect(sql).toContain('ORDER BY CAST(p.popularity_score AS REAL) DESC, p.id ASC');
    expect(params).toEqual([[2, 3]]);
  });

  it('orders every sort totally, as the index does', () => {
    expect(joinSqlFor({ sort: 'price_desc' }, 'mysql').sql).toMatch(
      /ORDER BY COALESCE\(MIN\(o.price\), MIN\(p.base_price\)\) DESC, p.id ASC$/,
    );
    expect(joinSqlFor({ sort: 'relevance' }, 'mysql').sql).toMatch(/ORDER BY p.id ASC$/);
    expect(joinSqlFor({ sort: 'newest' }, 'mysql', { columns: 'rows', limit: 5, offset: 10 }).sql).toMatch(
      /^SELECT p.id, p.shop_id, .* LIMIT 5 OFFSET 10$/,
    );
  });

  it('counts over the same grouping and refuses free text', () => {
    expect(joinCountSqlFor({ inStock: true, sort: 'newest' }, 'mysql').sql).toBe(
      "SELECT COUNT(*) AS n FROM (SELECT p.id FROM products p LEFT JOIN product_options o ON o.product_id = p.id WHERE p.status = 'active' AND p.shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed') AND (p.brand IS NULL OR p.brand <> 'keel-freshness-canary') GROUP BY p.id HAVING MAX(o.stock) > 0) matches",
    );
    expect(() => joinSqlFor({ text: '노트북', sort: 'relevance' }, 'mysql')).toThrow(NotAnswerableBySql);
  });
});

describe('firstDifference', () => {
  it('finds the first differing position, including a shorter list', () => {
    expect(firstDifference([1, 2, 3], [1, 2, 3])).toBeUndefined();
    expect(firstDifference([1, 2, 3], [1, 3, 2])).toEqual({ position: 1, search: 2, join: 3 });
    expect(firstDifference([1, 2], [1, 2, 9])).toEqual({ position: 2, search: null, join: 9 });
  });
});
