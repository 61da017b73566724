import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog, catalogEntities, runCatalogMigrations } from '@keel/catalog';
import { createElasticsearchClient, createIndexForBulk, restoreServingSettings } from '@keel/es-alias';
import { productIndexDefinition, type ProductDocument } from '@keel/product-index';
import {
  dialects,
  eventually,
  openIsolatedDb,
  stackEnv,
  uniqueName,
  type IsolatedDb,
} from '@keel/test-harness';
import { ProductBulkWriter, ProductIndexer, verifyRange } from '../src';

// Invariant 1 (order does not matter) with the DB-kept version: every committed state of a product
// carries a higher version than every earlier one, so the final state always wins in the index.
// Hand-written SQL, as an operator types it in a console; each case fails with the old
// newest-update_ts version.
describe.each(dialects)('document versions on %s', (dialect) => {
  let db: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let index: string;
  let indexer: ProductIndexer;

  const q = (sql: string) => db.dataSource.query(sql);
  const doc = async (id: number) =>
    (await client.get<ProductDocument>({ index, id: String(id) }, { ignore: [404] }))._source;
  const version = async (id: number) =>
    (await client.get({ index, id: String(id) }, { ignore: [404] }))._version;

  async function product(id: number, shopId = 1, categoryId = 2) {
    await q(
      'INSERT INTO products (id, shop_id, category_id, name_ko, name_en, description, brand, status, base_price)' +
        ` VALUES (${id}, ${shopId}, ${categoryId}, '상품 ${id}', 'Product ${id}', '', NULL, 'active', 1000)`,
    );
    await q(
      `INSERT INTO product_options (id, product_id, sku, name_ko, name_en, price, stock) VALUES` +
        ` (${id * 10 + 1}, ${id}, 'K${id}-1', 'a', 'a', 100, 1), (${id * 10 + 2}, ${id}, 'K${id}-2', 'b', 'b', 200, 1),` +
        ` (${id * 10 + 3}, ${id}, 'K${id}-3', 'c', 'c', 300, 1)`,
    );
    await q(
      `INSERT INTO product_images (id, product_id, url, sort_order) VALUES (${id * 10 + 1}, ${id}, 'https://i/${id}/1', 1),` +
        ` (${id * 10 + 2}, ${id}, 'https://i/${id}/2', 2)`,
    );
    await q(`INSERT INTO product_tags (product_id, tag_id) VALUES (${id}, 1), (${id}, 2)`);
  }

  async function clean(ids: number[]) {
    const report = await verifyRange(
      indexer,
      client,
      { from: Math.min(...ids), to: Math.max(...ids) },
      { index, sampleEvery: 1 },
    );
    return { missing: report.missing, extra: report.extra, stale: report.stale };
  }

  beforeAll(async () => {
    db = await openIsolatedDb(dialect, { entities: catalogEntities, prefix: 'versions', poolSize: 4 });
    await runCatalogMigrations(db.dataSource);
    await q("INSERT INTO shops (id, name, status) VALUES (1, 'Shop one', 'open'), (2, 'Shop two', 'open')");
    await q(
      "INSERT INTO categories (id, parent_id, name_ko, name_en, depth, path) VALUES (1, NULL, '디지털', 'Digital', 0, '/1/'), (2, 1, '노트북', 'Laptops', 1, '/1/2/'), (3, NULL, '가구', 'Furniture', 0, '/3/')",
    );
    await q("INSERT INTO tags (id, name_ko, name_en) VALUES (1, '할인', 'sale'), (2, '신상', 'new')");
    catalog = new ShopCatalog(db.dataSource);
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
    index = await createIndexForBulk(client, uniqueName('versions'), productIndexDefinition());
    await restoreServingSettings(client, index);
    indexer = new ProductIndexer(catalog, client, { index, source: 'test', refresh: true });
  });

  afterAll(async () => {
    await client?.indices.delete({ index, ignore_unavailable: true });
    await client?.close();
    await db?.drop();
  });

  it('deleting the newest option, image and tag link of a product updates its document', async () => {
    await product(1);
    await indexer.index([1]);
    expect((await doc(1))?.options.map((o) => o.sku)).toEqual(['K1-1', 'K1-2', 'K1-3']);

    await q('DELETE FROM product_options WHERE id = 13');
    expect(await indexer.index([1])).toMatchObject({ written: 1, stale: 0 });
    expect((await doc(1))?.options.map((o) => o.sku)).toEqual(['K1-1', 'K1-2']);

    await q('DELETE FROM product_images WHERE id = 12');
    expect(await indexer.index([1])).toMatchObject({ written: 1, stale: 0 });
    expect((await doc(1))?.image_urls).toEqual(['https://i/1/1']);

    await q('DELETE FROM product_tags WHERE product_id = 1 AND tag_id = 2');
    expect(await indexer.index([1])).toMatchObject({ written: 1, stale: 0 });
    expect((await doc(1))?.tag_ids).toEqual([1]);
    expect(await clean([1])).toEqual({ missing: [], extra: [], stale: [] });
  });

  it('moving a product to a shop or category with a lower counter still raises its version', async () => {
    await product(2);
    // shop 1 and categories 1, 2 are renamed many times: their counters are far above shop 2's and category 3's
    for (let i = 0; i < 5; i++) {
      await q(`UPDATE shops SET name = 'Shop one ${i}' WHERE id = 1`);
      await q(`UPDATE categories SET name_en = 'Laptops ${i}' WHERE id = 2`);
    }
    await indexer.index([2]);
    const before = Number(await version(2));
    await q('UPDATE products SET shop_id = 2, category_id = 3 WHERE id = 2');
    expect(await indexer.index([2])).toMatchObject({ written: 1, stale: 0 });
    expect(Number(await version(2))).toBeGreaterThan(before);
    expect(await doc(2)).toMatchObject({ shop_name: 'Shop two', category_ids: [3] });
  });

  it('a parent rename reaches the version; a deleted tag lowers nothing', async () => {
    await product(3);
    await indexer.index([3]);
    const before = Number(await version(3));
    await q("UPDATE tags SET name_en = 'newest' WHERE id = 2");
    expect(await indexer.index([3])).toMatchObject({ written: 1 });
    const renamed = Number(await version(3));
    expect(renamed).toBeGreaterThan(before);
    await q('DELETE FROM tags WHERE id = 2');
    expect(await indexer.index([3])).toMatchObject({ written: 1, stale: 0 });
    expect(Number(await version(3))).toBeGreaterThan(renamed);
    expect((await doc(3))?.tags).toEqual(['할인', 'sale']);
    await q("INSERT INTO tags (id, name_ko, name_en) VALUES (2, '신상', 'new')");
  });

  it('two racing UPDATEs on a locked row end with the final state indexed', async () => {
    await product(4);
    await indexer.index([4]);
    const holder = db.dataSource.createQueryRunner();
    const waiter = db.dataSource.createQueryRunner();
    try {
      // the holder locks the row first; the waiter's statement starts (and on MariaDB is stamped)
      // while it waits; the holder writes after that and commits first; the waiter's write is final
      await holder.startTransaction();
      await holder.query('SELECT id FROM products WHERE id = 4 FOR UPDATE');
      await waiter.startTransaction();
      const waiting = waiter.query("UPDATE products SET name_en = 'final from the waiter' WHERE id = 4");
      await eventually(async () => (await lockWaits(db, dialect)) > 0, {
        timeoutMs: 10_000,
        what: 'the waiter waiting for the row lock',
      });
      await holder.query("UPDATE products SET name_en = 'from the holder' WHERE id = 4");
      await holder.commitTransaction();
      await waiting;
      expect(await indexer.index([4])).toMatchObject({ written: 1 });
      expect((await doc(4))?.name_en).toBe('from the holder');
      await waiter.commitTransaction();
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      if (waiter.isTransactionActive) await waiter.rollbackTransaction();
      await holder.release();
      await waiter.release();
    }
    expect(await indexer.index([4])).toMatchObject({ written: 1, stale: 0 });
    expect((await doc(4))?.name_en).toBe('final from the waiter');
    expect(await clean([4])).toEqual({ missing: [], extra: [], stale: [] });
  });

  it('a deleted product leaves a tombstone above its last version; a re-inserted id starts above it', async () => {
    await product(5);
    const [upsert] = await indexer.plan([5]);
    await indexer.index([5]);
    await q('DELETE FROM products WHERE id = 5');
    for (const child of ['product_options', 'product_images', 'product_tags'])
      await q(`DELETE FROM ${child} WHERE product_id = 5`);
    const [deletion] = await indexer.plan([5]);
    expect(deletion).toMatchObject({ kind: 'delete', reason: 'missing' });
    expect(deletion.version).toBeGreaterThan(upsert.version);
    expect(await indexer.index([5])).toMatchObject({ deleted: 1 });
    // a late upsert of the old state cannot resurrect it
    const late = await new ProductBulkWriter(client, { index, refresh: true }).write([upsert]);
    expect(late).toMatchObject({ written: 0, stale: 1 });
    expect(await doc(5)).toBeUndefined();

    await product(5);
    const [again] = await indexer.plan([5]);
    expect(again.version).toBeGreaterThan(deletion.version);
    expect(await indexer.index([5])).toMatchObject({ written: 1, stale: 0 });
    expect(await doc(5)).toBeDefined();
  });

  it('an id that never existed is deleted with the floor from the DB, not a clock', async () => {
    const [floor] = await q('SELECT floor_version FROM keel_version_floor');
    const [action] = await indexer.plan([999_999]);
    expect(action).toEqual({
      kind: 'delete',
      id: 999_999,
      version: Number(floor.floor_version),
      reason: 'missing',
    });
  });

  it('a console write cannot lower a counter', async () => {
    await product(6);
    const [before] = await catalog.loadProductsByIds([6]);
    await q('UPDATE products SET row_version = 1 WHERE id = 6');
    const [after] = await catalog.loadProductsByIds([6]);
    expect(after.rowVersion).toBe(before.rowVersion + 1);
  });
});

/** Statements waiting for a row lock right now (asked on a connection of its own: PostgreSQL keeps one activity snapshot per transaction). */
async function lockWaits(db: IsolatedDb, dialect: string): Promise<number> {
  const [row] =
    dialect === 'mysql'
      ? await db.dataSource.query(
          "SELECT COUNT(*) AS n FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT' AND trx_query LIKE '%final from the waiter%'",
        )
      : await db.dataSource.query(
          "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%final from the waiter%' AND pid <> pg_backend_pid()",
        );
  return Number(row.n);
}
