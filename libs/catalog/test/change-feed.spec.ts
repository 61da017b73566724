import { eventually } from '@keel/test-harness';
import { type ChangeCursor, ShopCatalog, seedCatalog } from '../src';
import { type IsolatedShopDb, databaseNow, dialects, openIsolatedShopDb } from './isolated-shop-db';

describe.each(dialects)('productIdsChangedBetween on %s', (dialect) => {
  let db: IsolatedShopDb;
  let catalog: ShopCatalog;

  beforeAll(async () => {
    db = await openIsolatedShopDb(dialect);
    catalog = new ShopCatalog(db.dataSource);
    await seedCatalog(db.dataSource, { products: 1500, seed: 7 });
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Waits (polling, no fixed sleep) until the database clock has passed `instant`. */
  const clockPast = (instant: Date) =>
    eventually(async () => (await databaseNow(db)) > instant, {
      what: 'database clock to move on',
      intervalMs: 2,
    });

  const allPages = async (from: Date, to: Date, limit: number) => {
    const ids: number[] = [];
    let after: ChangeCursor | undefined;
    let pages = 0;
    do {
      const page = await catalog.productIdsChangedBetween(from, to, after, limit);
      ids.push(...page.ids);
      after = page.next;
      pages++;
    } while (after && pages < 10_000);
    return { ids, pages };
  };

  it('returns every product changed in the window exactly once across pages, children included', async () => {
    const seeded = await databaseNow(db);
    await clockPast(seeded);
    const from = new Date(seeded.getTime() + 1);
    await clockPast(from);

    const products = (await catalog.loadProductsByIds(Array.from({ length: 1600 }, (_, i) => i + 1))).map(
      (p) => p.id,
    );
    const changed = new Set<number>();
    // product rows, option rows, image rows and tag links, in many statements at many instants,
    // with overlaps: some products change in the product row and in a child
    for (let i = 0; i < 12; i++) {
      const batch = products.slice(i * 40, i * 40 + 25);
      await db.dataSource.query(
        `UPDATE products SET popularity_score = popularity_score + 1 WHERE id IN (${batch.join(',')})`,
      );
      batch.forEach((id) => changed.add(id));
      const optionBatch = products.slice(i * 40 + 20, i * 40 + 35);
      await db.dataSource.query(
        `UPDATE product_options SET stock = stock + 1 WHERE product_id IN (${optionBatch.join(',')})`,
      );
      optionBatch.forEach((id) => changed.add(id));
    }
    const imageBatch = products.slice(900, 960);
    await db.dataSource.query(
      `UPDATE product_images SET sort_order = sort_order + 1 WHERE product_id IN (${imageBatch.join(',')})`,
    );
    const imaged = (await db.dataSource.query(
      `SELECT DISTINCT product_id FROM product_images WHERE product_id IN (${imageBatch.join(',')})`,
    )) as { product_id: string | number }[];
    expect(imaged.length).toBeGreaterThan(20);
    imaged.forEach((row) => changed.add(Number(row.product_id)));
    // a new tag link surfaces its product (a deleted link leaves no row behind: see the README)
    const tagged = products.slice(1000, 1010);
    await db.dataSource.query(
      `DELETE FROM product_tags WHERE tag_id = 24 AND product_id IN (${tagged.join(',')})`,
    );
    await db.dataSource.query(
      `INSERT INTO product_tags (product_id, tag_id) VALUES ${tagged.map((id) => `(${id}, 24)`).join(', ')}`,
    );
    tagged.forEach((id) => changed.add(id));

    const lastChange = await databaseNow(db);
    await clockPast(lastChange);
    const to = new Date(lastChange.getTime() + 1);
    await clockPast(to);

    for (const limit of [1000, 37, 5]) {
      const { ids, pages } = await allPages(from, to, limit);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(changed);
      if (limit === 5) expect(pages).toBeGreaterThan(changed.size / 5);
    }

    // after the window, nothing
    expect(await catalog.productIdsChangedBetween(to, new Date(to.getTime() + 60_000))).toEqual({ ids: [] });
  });
});
