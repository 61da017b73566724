import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog, withCatalogSession } from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import { createIndexForBulk, type AliasPair } from '@keel/es-alias';
import { productIndexDefinition } from '@keel/product-index';
import { dialects, eventually, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { RepairScheduler } from '../src/repair/repair.scheduler';
import { RepairService, RepairWaiting, type RepairSettings } from '../src/repair/repair.service';
import {
  closeServingIndex,
  differences,
  indexWholeCatalog,
  openSeededShop,
  openServingIndex,
} from '@keel/etl-core/testing';
import { batchAppConfig, openBatchPlatform } from './support';

// Invariant 4b (what still slips through is repaired) on real MariaDB and PostgreSQL (shop),
// PostgreSQL (platform) and Elasticsearch: with no event and no batch window, a product deleted in a
// SQL console, one hidden by hand, one edited by hand and one inserted by hand are all
// fixed within one repair cycle, counted by cause; clean ranges cost only their digests; a repairer
// stopped mid-cycle resumes the same cycle from its checkpoint.
describe.each(dialects)('continuous repair on %s', (dialect: SqlDialect) => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let aliases: AliasPair;
  let index: string;

  const settings = (): RepairSettings => ({
    writeAlias: aliases.writeAlias,
    readAlias: aliases.readAlias,
    rangeSize: 50,
    pace: { cycleMs: 0, maxProductsPerS: 1_000_000 },
    batchSize: 100,
    concurrency: 2,
    instance: () => `repair-${dialect}`,
  });
  const sql = (text: string, params: unknown[] = []) =>
    withCatalogSession(shop.dataSource, dialect, (q) => q(text, params));
  const searchableIds = async (n: number, skip = 0): Promise<number[]> => {
    const rows = (await sql(
      `SELECT id FROM products WHERE status = 'active'
         AND shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed') ORDER BY id`,
    )) as { id: string }[];
    return rows.slice(skip, skip + n).map((r) => Number(r.id));
  };
  const verifyAll = () => differences(catalog, { client, aliases });
  /** What a rebuild does first: the write alias moves to the new index, readers stay. */
  const moveWrite = (from: string, to: string) =>
    client.indices.updateAliases({
      actions: [
        { remove: { index: from, alias: aliases.writeAlias } },
        { add: { index: to, alias: aliases.writeAlias } },
      ],
    });

  beforeAll(async () => {
    shop = await openSeededShop(dialect, 'repair', { products: 300, seed: 5 });
    catalog = new ShopCatalog(shop.dataSource);
    platform = await openBatchPlatform('repair');
    ({ client, aliases, index } = await openServingIndex('products-repair'));
    await indexWholeCatalog(catalog, { client, aliases, index }, { batchSize: 500 });
  }, 60_000);

  afterAll(async () => {
    await closeServingIndex({ client, index });
    await shop?.drop();
    await platform?.drop();
  });

  it('fixes a console delete, a hand-hidden, a hand-edited and a hand-inserted product within one cycle, by cause', async () => {
    const [deleted, hidden, edited] = await searchableIds(3, 100);
    const [donor] = (await sql('SELECT shop_id, category_id FROM products WHERE id = ?', [edited])) as {
      shop_id: string;
      category_id: string;
    }[];
    const [{ max }] = (await sql('SELECT MAX(id) AS max FROM products')) as { max: string }[];
    const lost = Number(max) + 1;
    await sql('DELETE FROM products WHERE id = ?', [deleted]);
    await sql("UPDATE products SET status = 'hidden' WHERE id = ?", [hidden]);
    await sql("UPDATE products SET name_en = 'edited in a console' WHERE id = ?", [edited]);
    // inserted in a console: no event, so no document
    await sql(
      `INSERT INTO products (id, shop_id, category_id, name_ko, name_en, description, base_price)
       VALUES (?, ?, ?, '콘솔', 'inserted in a console', 'no event', 1000)`,
      [lost, Number(donor.shop_id), Number(donor.category_id)],
    );
    expect(await verifyAll()).toEqual({ missing: [lost], extra: [deleted, hidden], stale: [edited] });

    const repair = new RepairService(catalog, platform.dataSource, client, settings());
    const cycle = await repair.runCycle();
    expect(cycle).toMatchObject({ status: 'finished', resumed: 0 });
    expect(cycle.fixed).toEqual({
      missing: 1,
      deleted: 1,
      'not-searchable': 1,
      'stale-version': 1,
      'stale-fields': 0,
    });
    expect(cycle.rangesDone).toBe(cycle.rangesTotal);
    // only the ranges holding a difference were listed; the others cost their two digests
    expect(cycle.rangesDiffering).toBeGreaterThanOrEqual(1);
    expect(cycle.rangesDiffering).toBeLessThanOrEqual(4);
    expect(cycle.rangesTotal).toBeGreaterThan(cycle.rangesDiffering);
    expect(cycle.productsChecked).toBe(cycle.maxId - cycle.minId + 1);
    expect((await repair.cycles.fixes(cycle.id)).sort((a, b) => a.id - b.id)).toEqual(
      [
        { id: deleted, cause: 'deleted' },
        { id: hidden, cause: 'not-searchable' },
        { id: edited, cause: 'stale-version' },
        { id: lost, cause: 'missing' },
      ].sort((a, b) => a.id - b.id),
    );
    expect(await verifyAll()).toEqual({ missing: [], extra: [], stale: [] });

    // a clean catalogue: every range is clean
    const clean = await repair.runCycle();
    expect(clean).toMatchObject({ status: 'finished', rangesDiffering: 0 });
    expect(Object.values(clean.fixed)).toEqual([0, 0, 0, 0, 0]);
  }, 60_000);

  it('the running app repairs on its own: the elected leader runs cycles and fixes a console delete', async () => {
    const [deleted] = await searchableIds(1, 20);
    await sql('DELETE FROM products WHERE id = ?', [deleted]);
    const config = batchAppConfig({ shop, platform }, aliases.writeAlias, {
      PRODUCTS_READ_ALIAS: aliases.readAlias,
      BATCH_ELECTION: uniqueName('batch-scheduler'),
      BATCH_INTERVAL_MS: '3600000',
      REPAIR_ELECTION: uniqueName('index-repairer'),
      REPAIR_CYCLE_MS: '0',
      REPAIR_REST_MS: '200',
      REPAIR_RANGE_SIZE: '100',
      FRESHNESS_ENABLED: 'false',
    });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    try {
      const fixed = await eventually(
        async () => {
          const rows: { product_id: string; cause: string }[] = await platform.dataSource.query(
            'SELECT product_id, cause FROM repair_fixes WHERE product_id = $1',
            [deleted],
          );
          return rows.length > 0 ? rows : undefined;
        },
        { what: 'the running repairer fixing the console delete', timeoutMs: 30_000 },
      );
      expect(fixed).toEqual([{ product_id: String(deleted), cause: 'deleted' }]);
      expect(app.get(RepairScheduler).isLeader()).toBe(true);
      expect(await verifyAll()).toEqual({ missing: [], extra: [], stale: [] });
    } finally {
      await app.close();
    }
  }, 60_000);

  it('waits while a rebuild writes elsewhere than readers see (or the alias is missing)', async () => {
    const missing = new RepairService(catalog, platform.dataSource, client, {
      ...settings(),
      writeAlias: uniqueName('no-such-alias'),
    });
    await expect(missing.runCycle()).rejects.toBeInstanceOf(RepairWaiting);

    // a rebuild: the write alias moved to a new index, readers still on the old one
    const rebuilding = await createIndexForBulk(
      client,
      `${aliases.readAlias}-next`,
      productIndexDefinition(),
    );
    try {
      await moveWrite(index, rebuilding);
      const repair = new RepairService(catalog, platform.dataSource, client, settings());
      await expect(repair.runCycle()).rejects.toBeInstanceOf(RepairWaiting);
    } finally {
      await moveWrite(rebuilding, index);
      await client.indices.delete({ index: rebuilding, ignore_unavailable: true });
    }
  });

  it('a rebuild that moves the write alias mid-cycle stops the cycle within about a second; it resumes after', async () => {
    // the app of the test above may have left its cycle running when it closed: finish it first
    await new RepairService(catalog, platform.dataSource, client, settings()).runCycle();
    const rebuilding = await createIndexForBulk(client, `${aliases.readAlias}-mid`, productIndexDefinition());
    let ranges = 0;
    let movedAtMs = 0;
    try {
      // about 400 ms a range: the rebuild is looked up once a second, so a few ranges after the move
      const paced = new RepairService(catalog, platform.dataSource, client, {
        ...settings(),
        pace: { cycleMs: 0, maxProductsPerS: 125 },
      });
      const stopped = await paced.runCycle({
        mayContinue: async () => {
          if (++ranges === 2) {
            await moveWrite(index, rebuilding);
            movedAtMs = Date.now();
          }
          return true;
        },
      });
      expect(stopped.status).toBe('running');
      expect(stopped.rangesDone).toBeLessThan(stopped.rangesTotal);
      expect(Date.now() - movedAtMs).toBeLessThan(5_000);
    } finally {
      if (movedAtMs) await moveWrite(rebuilding, index);
      await client.indices.delete({ index: rebuilding, ignore_unavailable: true });
    }
    const resumed = await new RepairService(catalog, platform.dataSource, client, settings()).runCycle();
    expect(resumed).toMatchObject({ status: 'finished', resumed: 1 });
    expect(resumed.rangesDone).toBe(resumed.rangesTotal);
  }, 60_000);

  it('a repairer stopped mid-cycle resumes the same cycle from its checkpoint', async () => {
    // the app of the test above may have left its cycle running when it closed: finish it first
    await new RepairService(catalog, platform.dataSource, client, settings()).runCycle();
    const [last] = (await searchableIds(1000)).slice(-1);
    await sql('DELETE FROM products WHERE id = ?', [last]);
    let ranges = 0;
    const stopped = await new RepairService(catalog, platform.dataSource, client, settings()).runCycle({
      mayContinue: () => ranges++ < 2,
    });
    expect(stopped).toMatchObject({ status: 'running', rangesDone: 2 });
    expect(stopped.nextFrom).toBe(stopped.minId + 2 * 50);

    // a new process (a restarted repairer) takes the same cycle up where it stopped
    const resumed = await new RepairService(catalog, platform.dataSource, client, settings()).runCycle();
    expect(resumed).toMatchObject({ id: stopped.id, status: 'finished', resumed: 1 });
    expect(resumed.rangesDone).toBe(resumed.rangesTotal);
    expect(resumed.productsChecked).toBe(resumed.maxId - resumed.minId + 1);
    expect(resumed.fixed.deleted).toBe(1);
    expect(await verifyAll()).toEqual({ missing: [], extra: [], stale: [] });
  }, 60_000);
});
