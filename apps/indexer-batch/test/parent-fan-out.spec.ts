import type { Client, estypes } from '@elastic/elasticsearch';
import { ShopCatalog, backdateCatalog, withCatalogSession } from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import type { AliasPair } from '@keel/es-alias';
import { dialects, eventually, type IsolatedDb } from '@keel/test-harness';
import type { BatchWindowRecord } from '../src/batch/batch-window';
import { BatchWindowService, type BatchSettings } from '../src/batch/batch-window.service';
import { ShopClock } from '../src/batch/shop-clock';
import {
  closeServingIndex,
  differences,
  indexWholeCatalog,
  openSeededShop,
  openServingIndex,
  searchableCount,
} from '@keel/etl-core/testing';
import { openBatchPlatform, startBatchChain } from './support';

// Invariant 4, the parts no product row shows: with no event published, a renamed shop (5,000
// products), a renamed category (its whole subtree), a renamed tag and a closed shop reach every
// affected document through the batch's parent fan-out; a transaction held open past the overlap
// and committed after a window ran is caught by a following window (the long-transaction hold).
// Real MariaDB and PostgreSQL (shop), PostgreSQL (platform), Elasticsearch.
const bigShopId = 9_001;
const bigShopProducts = 5_000;
const firstBigShopProduct = 10_001;
const fanOutTagId = 9_001;
const taggedProducts = 300;
const overlapMs = 500;
const lagMs = 200;
const marginMs = 300;

describe.each(dialects)(
  'batch window on %s: parent fan-out and the long-transaction hold',
  (dialect: SqlDialect) => {
    let shop: IsolatedDb;
    let platform: IsolatedDb;
    let client: Client;
    let catalog: ShopCatalog;
    let clock: ShopClock;
    let aliases: AliasPair;
    let index: string;
    let service: BatchWindowService;
    /** A category with subcategories, and the leaf under it the big shop's products sit in. */
    let parentCategory: { id: number; path: string };

    const sql = <R = Record<string, unknown>>(text: string, params: unknown[] = []) =>
      withCatalogSession(shop.dataSource, dialect, (q) => q<R>(text, params));
    const count = (query: estypes.QueryDslQueryContainer) => searchableCount({ client, aliases }, query);
    const dbCount = async (text: string, params: unknown[] = []) =>
      Number((await sql<{ n: string | number }>(text, params))[0]?.n);
    const history = async (): Promise<BatchWindowRecord[]> =>
      (await service.history.list(aliases.writeAlias, 1000)).windows.reverse();
    const verifyAll = async () => {
      const report = await differences(catalog, { client, aliases }, { sampleEvery: 1 });
      return { missing: report.missing.length, extra: report.extra.length, stale: report.stale.length };
    };

    /** Runs the chain until a successful window has passed `at` (DB clock); returns that window. */
    const windowsPast = async (at: Date): Promise<BatchWindowRecord> =>
      eventually(
        async () => {
          await service.catchUp();
          return (await history()).find(
            (w) => w.status === 'succeeded' && w.windowStart <= at && w.windowEnd > at,
          );
        },
        { what: `a successful window covering ${at.toISOString()}`, intervalMs: 100 },
      );

    beforeAll(async () => {
      shop = await openSeededShop(dialect, 'fanout', { products: 200, seed: 11 });
      const [category] = await sql<{ id: string; path: string }>(
        `SELECT c.id, c.path FROM categories c WHERE c.depth = 1
         AND EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id) ORDER BY c.id LIMIT 1`,
      );
      parentCategory = { id: Number(category.id), path: category.path };
      const [leaf] = await sql<{ id: string }>(
        'SELECT id FROM categories WHERE parent_id = ? ORDER BY id LIMIT 1',
        [parentCategory.id],
      );
      await sql("INSERT INTO shops (id, name, status) VALUES (?, 'Fan-out Shop', 'open')", [bigShopId]);
      await sql("INSERT INTO tags (id, name_ko, name_en) VALUES (?, '팬아웃', 'fan-out tag')", [fanOutTagId]);
      for (let start = 0; start < bigShopProducts; start += 1000) {
        const ids = Array.from({ length: 1000 }, (_, i) => firstBigShopProduct + start + i);
        await sql(
          'INSERT INTO products (id, shop_id, category_id, name_ko, name_en, description, base_price) VALUES ' +
            ids
              .map(() => "(?, ?, ?, '상품', 'fan-out product', 'a product of the big shop', 1000)")
              .join(', '),
          ids.flatMap((id) => [id, bigShopId, Number(leaf.id)]),
        );
      }
      const tagged = Array.from({ length: taggedProducts }, (_, i) => firstBigShopProduct + i * 7);
      await sql(
        `INSERT INTO product_tags (product_id, tag_id) VALUES ${tagged.map(() => '(?, ?)').join(', ')}`,
        tagged.flatMap((id) => [id, fanOutTagId]),
      );
      // everything is ten minutes old, so a window sees only what a test changes
      await backdateCatalog(shop.dataSource, dialect, 10);
      catalog = new ShopCatalog(shop.dataSource);
      clock = new ShopClock(shop.dataSource);
      platform = await openBatchPlatform('fanout');
      ({ client, aliases, index } = await openServingIndex('products-fanout'));
      // the index starts equal to the DB (as after a rebuild), and the chain starts now
      const range = await catalog.idRange();
      expect(range?.maxId).toBe(firstBigShopProduct + bigShopProducts - 1);
      await indexWholeCatalog(catalog, { client, aliases, index }, { batchSize: 1000, concurrency: 2 });
      await startBatchChain(platform, aliases.writeAlias, await clock.now(), lagMs);
      const settings: BatchSettings = {
        writeAlias: aliases.writeAlias,
        overlapMs,
        lagMs,
        maxWindowMs: 15 * 60_000,
        initialLookbackMs: 60 * 60_000,
        pageSize: 1000,
        batchSize: 500,
        concurrency: 2,
        instance: () => `fanout-${dialect}`,
        hold: { marginMs, maxHoldMs: 60_000 },
      };
      service = new BatchWindowService(catalog, clock, platform.dataSource, client, settings);
      expect(await count({ term: { shop_id: bigShopId } })).toBe(bigShopProducts);
    }, 120_000);

    afterAll(async () => {
      await closeServingIndex({ client, index });
      await shop?.drop();
      await platform?.drop();
    });

    it('a renamed shop, category (whole subtree) and tag reach every affected document within one window', async () => {
      await sql("UPDATE shops SET name = 'Renamed Shop' WHERE id = ?", [bigShopId]);
      await sql("UPDATE categories SET name_en = 'Renamed Category' WHERE id = ?", [parentCategory.id]);
      await sql("UPDATE tags SET name_en = 'renamed fan-out tag' WHERE id = ?", [fanOutTagId]);
      const changedAt = await clock.now();
      // no event went anywhere: no product row changed, the index still shows the old names
      expect(await count({ term: { 'shop_name.raw': 'Renamed Shop' } })).toBe(0);

      const window = await windowsPast(changedAt);
      expect(window).toMatchObject({ status: 'succeeded', failed: 0, parentsSeen: 3 });
      const inSubtree = await dbCount(
        `SELECT COUNT(*) AS n FROM products p WHERE p.status = 'active'
         AND p.category_id IN (SELECT id FROM categories WHERE path LIKE ?)
         AND p.shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed')`,
        [`${parentCategory.path}%`],
      );
      expect(inSubtree).toBeGreaterThan(bigShopProducts);
      // each parent expanded to all its products (a product shared by two parents counts twice)
      expect(window.productsExpanded).toBeGreaterThanOrEqual(bigShopProducts + taggedProducts);
      expect(await count({ term: { 'shop_name.raw': 'Renamed Shop' } })).toBe(bigShopProducts);
      expect(
        await count({
          bool: {
            filter: [
              { term: { category_ids: parentCategory.id } },
              { match_phrase: { category_names: 'Renamed Category' } },
            ],
          },
        }),
      ).toBe(inSubtree);
      expect(await count({ term: { category_ids: parentCategory.id } })).toBe(inSubtree);
      expect(await count({ term: { tags: 'renamed fan-out tag' } })).toBe(taggedProducts);
      expect(await count({ term: { tags: 'fan-out tag' } })).toBe(0);
      expect(await verifyAll()).toEqual({ missing: 0, extra: 0, stale: 0 });
    }, 90_000);

    it('closing a shop takes its products out of search, and reopening brings them back', async () => {
      await sql("UPDATE shops SET status = 'closed' WHERE id = ?", [bigShopId]);
      const closedAt = await clock.now();
      await windowsPast(closedAt);
      expect(await count({ term: { shop_id: bigShopId } })).toBe(0);
      expect(await verifyAll()).toEqual({ missing: 0, extra: 0, stale: 0 });

      await sql("UPDATE shops SET status = 'open' WHERE id = ?", [bigShopId]);
      await windowsPast(await clock.now());
      expect(await count({ term: { shop_id: bigShopId } })).toBe(bigShopProducts);
      expect(await verifyAll()).toEqual({ missing: 0, extra: 0, stale: 0 });
    }, 90_000);

    it('removing a tag from a product (link row deleted in SQL) updates its document', async () => {
      const id = firstBigShopProduct; // linked to the fan-out tag
      const tagIds = async () =>
        (await client.get<{ tag_ids: number[] }>({ index: aliases.readAlias, id: String(id) }))._source
          ?.tag_ids;
      expect(await tagIds()).toContain(fanOutTagId);
      await sql('DELETE FROM product_tags WHERE product_id = ? AND tag_id = ?', [id, fanOutTagId]);
      await windowsPast(await clock.now());
      expect(await tagIds()).not.toContain(fanOutTagId);
      expect(await count({ term: { tag_ids: fanOutTagId } })).toBe(taggedProducts - 1);
    }, 60_000);

    it('a transaction held open for 3 x (overlap + lag) and committed after windows ran is indexed by a following window', async () => {
      const id = firstBigShopProduct + 42;
      const lastEnd = async () => (await service.history.lastSuccessEnd(aliases.writeAlias)) ?? new Date(0);
      // start the transaction well after the chain's end, so a window can run before it and be held
      const chainEnd = await lastEnd();
      await eventually(async () => (await clock.now()).getTime() > chainEnd.getTime() + 3 * marginMs + 1000, {
        what: 'the shop clock past the chain end',
        intervalMs: 50,
      });
      const runner = shop.dataSource.createQueryRunner();
      try {
        await runner.connect();
        if (dialect === 'mysql') await runner.query("SET time_zone = '+00:00'");
        await runner.startTransaction();
        const [session] = await runner.query(
          dialect === 'mysql' ? 'SELECT CONNECTION_ID() AS id' : 'SELECT pg_backend_pid()::text AS id',
        );
        await runner.query(
          dialect === 'mysql'
            ? "UPDATE products SET name_en = 'committed late' WHERE id = ?"
            : "UPDATE products SET name_en = 'committed late' WHERE id = $1",
          [id],
        );
        const [stamped] = await runner.query(
          dialect === 'mysql'
            ? 'SELECT UNIX_TIMESTAMP(update_ts) * 1000 AS ms FROM products WHERE id = ?'
            : 'SELECT (EXTRACT(EPOCH FROM update_ts) * 1000)::float8 AS ms FROM products WHERE id = $1',
          [id],
        );
        const stampedAt = new Date(Math.round(Number(stamped.ms)));
        await eventually(
          async () => (await clock.now()).getTime() > stampedAt.getTime() + 3 * (overlapMs + lagMs),
          { what: 'three times overlap plus lag since the uncommitted write', intervalMs: 50 },
        );
        const ran = await service.catchUp();
        // a window ran while the transaction was open, and its end stopped before the transaction
        expect(ran.length).toBeGreaterThan(0);
        const held = ran[ran.length - 1];
        expect(held).toMatchObject({ status: 'succeeded', heldBySession: String(session.id) });
        expect(held.heldAgeMs).toBeGreaterThanOrEqual(3 * (overlapMs + lagMs) - 1000);
        expect((await lastEnd()).getTime()).toBeLessThanOrEqual(stampedAt.getTime());
        await runner.commitTransaction();
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
      const committedAt = await clock.now();
      await windowsPast(committedAt);
      const doc = await client.get<{ name_en: string }>({ index: aliases.readAlias, id: String(id) });
      expect(doc._source?.name_en).toBe('committed late');
      expect(await verifyAll()).toEqual({ missing: 0, extra: 0, stale: 0 });
    }, 90_000);
  },
);
