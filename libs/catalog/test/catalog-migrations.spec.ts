import { ProductEntity, ProductOptionEntity, ShopCatalog, examineSchema, runCatalogMigrations } from '../src';
import { type IsolatedShopDb, dialects, openIsolatedShopDb } from './isolated-shop-db';

describe.each(dialects)('catalogue schema on %s', (dialect) => {
  let db: IsolatedShopDb;

  beforeAll(async () => {
    db = await openIsolatedShopDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('runs the migrations once and then has nothing to apply', async () => {
    expect(await runCatalogMigrations(db.dataSource)).toEqual([
      'CreateCatalog1717200000000',
      'AddRowVersions1717300000000',
    ]);
    expect(await runCatalogMigrations(db.dataSource)).toEqual([]);
    const diagnosis = await examineSchema(db.dataSource);
    expect(diagnosis.tables).toBe(8);
    expect(diagnosis.findings).toEqual([]);
  });

  it('bumps update_ts on a hand-written UPDATE of a product and of an option, as the right instant', async () => {
    const old = '2020-01-01 00:00:00';
    const ts = dialect === 'mysql' ? `'${old}'` : `'${old}+00'`;
    await db.dataSource.query(
      'INSERT INTO products (id, shop_id, category_id, name_ko, name_en, description, brand, status, base_price, update_ts)' +
        ` VALUES (1, 1, 1, '노트북', 'Laptop', '', NULL, 'active', 1000, ${ts})`,
    );
    const catalog = new ShopCatalog(db.dataSource);
    const [before] = await catalog.loadProductsByIds([1]);
    // the explicit old value reads back as exactly that UTC instant
    expect(before?.updateTs.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    // (a child row's insert bumps the product's version, so it comes after that check)
    await db.dataSource.query(
      `INSERT INTO product_options (id, product_id, sku, name_ko, name_en, price, update_ts) VALUES (10, 1, 'S-1', '블랙', 'Black', 1000, ${ts})`,
    );

    const clientBefore = Date.now();
    await db.dataSource.query("UPDATE products SET name_en = 'x' WHERE id = 1");
    await db.dataSource.query('UPDATE product_options SET stock = 5 WHERE id = 10');
    const clientAfter = Date.now();

    const [product] = await catalog.loadProductsByIds([1]);
    const [option] = await catalog.loadOptionsByProductIds([1]);
    for (const updated of [product?.updateTs, option?.updateTs]) {
      // same machine, so the DB clock and ours agree to well within a second
      expect(updated?.getTime()).toBeGreaterThanOrEqual(clientBefore - 1000);
      expect(updated?.getTime()).toBeLessThanOrEqual(clientAfter + 1000);
    }
    expect(product?.nameEn).toBe('x');
  });

  it('maps the tables to entities with numeric ids', async () => {
    const product = await db.dataSource.getRepository(ProductEntity).findOneByOrFail({ id: 1 });
    expect(product).toMatchObject({ id: 1, shopId: 1, basePrice: 1000, status: 'active', nameKo: '노트북' });
    const option = await db.dataSource.getRepository(ProductOptionEntity).findOneByOrFail({ id: 10 });
    expect(option).toMatchObject({ id: 10, productId: 1, stock: 5, price: 1000 });
  });
});
