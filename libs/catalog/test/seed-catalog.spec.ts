import { CatalogNotEmpty, ShopCatalog, seedCatalog } from '../src';
import { type IsolatedShopDb, dialects, openIsolatedShopDb } from './isolated-shop-db';

const tables = [
  'shops',
  'categories',
  'tags',
  'products',
  'product_options',
  'product_images',
  'product_tags',
];
// everything but update_ts, which the database sets at insert time
const snapshotSql: Record<string, string> = {
  shops: 'SELECT id, name, status, created_at FROM shops ORDER BY id',
  categories: 'SELECT id, parent_id, name_ko, name_en, depth, path FROM categories ORDER BY id',
  tags: 'SELECT id, name_ko, name_en FROM tags ORDER BY id',
  products:
    'SELECT id, shop_id, category_id, name_ko, name_en, description, brand, status, base_price, popularity_score, created_at FROM products ORDER BY id',
  product_options:
    'SELECT id, product_id, sku, name_ko, name_en, price, stock FROM product_options ORDER BY id',
  product_images: 'SELECT id, product_id, url, sort_order FROM product_images ORDER BY id',
  product_tags: 'SELECT product_id, tag_id FROM product_tags ORDER BY product_id, tag_id',
};

describe.each(dialects)('seedCatalog and ShopCatalog on %s', (dialect) => {
  let db: IsolatedShopDb;
  let catalog: ShopCatalog;

  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of tables)
      out[table] = (await db.dataSource.query(snapshotSql[table] as string)) as unknown[];
    return JSON.parse(JSON.stringify(out)) as Record<string, unknown[]>;
  };

  beforeAll(async () => {
    db = await openIsolatedShopDb(dialect);
    catalog = new ShopCatalog(db.dataSource);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('gives identical rows when seeding the same N with the same seed twice', async () => {
    const first = await seedCatalog(db.dataSource, { products: 2000, seed: 42, batchSize: 700 });
    expect(first.products).toBe(2000);
    expect(first.categories).toBeGreaterThanOrEqual(100);
    const before = await snapshot();
    expect(before['products']).toHaveLength(2000);

    await expect(seedCatalog(db.dataSource, { products: 2000, seed: 42 })).rejects.toThrow(CatalogNotEmpty);
    const second = await seedCatalog(db.dataSource, { products: 2000, seed: 42, reset: true });
    expect(second).toEqual({ ...first, elapsedMs: second.elapsedMs });
    expect(await snapshot()).toEqual(before);
  });

  it('loads exactly the asked ids, once each, one table at a time', async () => {
    const range = await catalog.idRange();
    expect(range?.minId).toBe(1);
    expect(range?.maxId).toBeGreaterThan(2000);
    const ids = [5, 17, 1999, 1200, 17, 999_999];
    const products = await catalog.loadProductsByIds(ids);
    const expected = [...new Set(ids)].filter((id) => id <= (range?.maxId ?? 0));
    // the seed hard-deletes ~1% of ids: whatever loads must be among those asked, each once
    expect(products.map((p) => p.id).every((id) => expected.includes(id))).toBe(true);
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    expect(products.some((p) => p.id === 999_999)).toBe(false);

    const existing = (await catalog.loadProductsByIds(Array.from({ length: 300 }, (_, i) => i + 1))).map(
      (p) => p.id,
    );
    const options = await catalog.loadOptionsByProductIds(existing.slice(0, 50));
    const images = await catalog.loadImagesByProductIds(existing.slice(0, 50));
    const links = await catalog.loadTagsByProductIds(existing.slice(0, 50));
    for (const child of [...options, ...images, ...links])
      expect(existing.slice(0, 50)).toContain(child.productId);
    expect(new Set(options.map((o) => o.productId)).size).toBe(50);
    expect(options.every((o) => typeof o.price === 'number' && o.updateTs instanceof Date)).toBe(true);

    const tagIds = [...new Set(links.map((l) => l.tagId))];
    expect((await catalog.loadTagsByIds(tagIds)).map((t) => t.id).sort((a, b) => a - b)).toEqual(
      tagIds.sort((a, b) => a - b),
    );
    const shopIds = [...new Set(products.map((p) => p.shopId))];
    expect((await catalog.loadShopsByIds(shopIds)).map((s) => s.id).sort((a, b) => a - b)).toEqual(
      shopIds.sort((a, b) => a - b),
    );
    const categories = await catalog.loadCategoriesByIds([1, 2, 3]);
    expect(categories.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(categories[0]).toMatchObject({ parentId: null, path: '/1/', depth: 1 });
    expect(categories[2]?.path).toBe('/1/2/3/');
    expect(await catalog.loadProductsByIds([])).toEqual([]);
  });

  it('seeds realistic statuses and Korean names', async () => {
    const products = await catalog.loadProductsByIds(Array.from({ length: 2100 }, (_, i) => i + 1));
    expect(products).toHaveLength(2000);
    expect(products.filter((p) => p.status === 'hidden').length).toBeGreaterThan(20);
    expect(products.filter((p) => p.status === 'deleted').length).toBeGreaterThan(10);
    expect(products.every((p) => /[가-힣]/.test(p.nameKo))).toBe(true);
  });

  it('counts as searchable only active products of shops that are not closed, as the index holds them', async () => {
    const ids = Array.from({ length: 2100 }, (_, i) => i + 1);
    const products = await catalog.loadProductsByIds(ids);
    const shopIds = [...new Set(products.map((p) => p.shopId))].sort((a, b) => a - b);
    // close the shop with the most active products, in SQL as an operator would
    const activeOf = (shopId: number) =>
      products.filter((p) => p.shopId === shopId && p.status === 'active').length;
    const closing = shopIds.reduce((best, id) => (activeOf(id) > activeOf(best) ? id : best));
    expect(activeOf(closing)).toBeGreaterThan(0);
    await db.dataSource.query(`UPDATE shops SET status = 'closed' WHERE id = ${closing}`);
    const shops = await catalog.loadShopsByIds(shopIds);
    const closed = new Set(shops.filter((s) => s.status === 'closed').map((s) => s.id));
    const expected = products.filter((p) => p.status === 'active' && !closed.has(p.shopId)).length;
    expect(await catalog.countSearchableProducts()).toBe(expected);
    await db.dataSource.query(`UPDATE shops SET status = 'open' WHERE id = ${closing}`);
    const reopened = new Set(
      (await catalog.loadShopsByIds(shopIds)).filter((s) => s.status === 'closed').map((s) => s.id),
    );
    expect(await catalog.countSearchableProducts()).toBe(
      products.filter((p) => p.status === 'active' && !reopened.has(p.shopId)).length,
    );
    expect(reopened.has(closing)).toBe(false);
  });
});
