import { catalogMigrations, examineSchema, fixSql } from '../src';
import { type IsolatedShopDb, dialects, openIsolatedShopDb } from './isolated-shop-db';

// An existing catalogue (the first migration only, rows stamped by the old scheme) takes the
// row-version migration: every product starts at the version the old scheme gives it now, nothing
// is re-stamped, and the doctor names what is missing and prints SQL that fixes it.
describe.each(dialects)('row-version migration of an existing catalogue on %s', (dialect) => {
  let db: IsolatedShopDb;
  const q = (sql: string) => db.dataSource.query(sql);
  const at = (iso: string) =>
    dialect === 'mysql' ? `'${iso.replace('T', ' ').replace('Z', '')}'` : `'${iso}'`;

  beforeAll(async () => {
    db = await openIsolatedShopDb(dialect);
    if (dialect === 'mysql') await q("SET time_zone = '+00:00'");
    const [createCatalog] = catalogMigrations(dialect);
    const runner = db.dataSource.createQueryRunner();
    try {
      if (dialect === 'mysql') await runner.query("SET time_zone = '+00:00'");
      await new createCatalog().up(runner);
      // the old scheme: update_ts as written; the newest of a product's rows is its indexed version
      await runner.query(
        `INSERT INTO shops (id, name, update_ts) VALUES (1, 's', ${at('2024-01-01T00:00:00.000Z')})`,
      );
      await runner.query(
        `INSERT INTO categories (id, parent_id, name_ko, name_en, depth, path, update_ts) VALUES (1, NULL, 'a', 'a', 0, '/1/', ${at('2024-05-01T00:00:00.000Z')}), (2, 1, 'b', 'b', 1, '/1/2/', ${at('2024-01-01T00:00:00.000Z')})`,
      );
      await runner.query(
        `INSERT INTO products (id, shop_id, category_id, name_ko, name_en, description, base_price, update_ts) VALUES (1, 1, 2, 'p', 'p', '', 1, ${at('2024-02-01T00:00:00.000Z')}), (2, 1, 2, 'p', 'p', '', 1, ${at('2024-02-01T00:00:00.000Z')})`,
      );
      await runner.query(
        `INSERT INTO product_options (id, product_id, sku, name_ko, name_en, price, update_ts) VALUES (1, 2, 'S', 'o', 'o', 1, ${at('2024-09-09T09:09:09.123Z')})`,
      );
      const [, addRowVersions] = catalogMigrations(dialect);
      await new addRowVersions().up(runner);
    } finally {
      await runner.release();
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('starts each product at its old version and leaves update_ts alone', async () => {
    const rows = await q('SELECT id, row_version, update_ts FROM products ORDER BY id');
    // product 1: the ancestor category (2024-05-01) is its newest row; product 2: its option
    expect(rows.map((r: { row_version: unknown }) => Number(r.row_version))).toEqual([
      Date.parse('2024-05-01T00:00:00.000Z'),
      Date.parse('2024-09-09T09:09:09.123Z'),
    ]);
    expect(rows.map((r: { update_ts: Date }) => new Date(r.update_ts).toISOString())).toEqual([
      '2024-02-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
    ]);
    const [floor] = await q('SELECT floor_version FROM keel_version_floor');
    expect(Number(floor.floor_version)).toBeGreaterThanOrEqual(Date.parse('2024-09-09T09:09:09.123Z'));
    // the first bump goes above the old version
    await q("UPDATE products SET name_en = 'x' WHERE id = 1");
    const [bumped] = await q('SELECT row_version FROM products WHERE id = 1');
    expect(Number(bumped.row_version)).toBe(Date.parse('2024-05-01T00:00:00.000Z') + 1);
  });

  it('the doctor names a dropped version trigger, and its SQL restores it on a DB without the version', async () => {
    const drop =
      dialect === 'mysql'
        ? 'DROP TRIGGER keel_product_options_version_ad'
        : 'DROP TRIGGER keel_product_options_version_ad ON product_options';
    await q(drop);
    const sick = await examineSchema(db.dataSource);
    expect(sick.findings).toEqual([
      expect.objectContaining({
        table: 'products',
        problem: 'missing-row-version',
        detail: expect.stringContaining('trigger keel_product_options_version_ad'),
      }),
    ]);
    expect(fixSql(dialect, sick.findings).join('\n')).toContain('keel_product_options_version_ad');
  });
});
