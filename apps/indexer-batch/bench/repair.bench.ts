/**
 * `npx nx run indexer-batch:bench [--products N] [--range-size R]`: figures, not verdicts.
 *
 * Seeds N products into an isolated bench shop DB (MariaDB) and indexes them, then measures:
 *   repair   one repair cycle over the clean catalogue (digests only, every range clean): ids/s;
 *   es-agg   the limit: the same ranges' Elasticsearch aggregations alone, one after another: ids/s;
 *   db-agg   the same ranges' SQL digests alone: ids/s;
 *   fan-out  every product moved to one shop, that shop renamed, one batch window: products/s of the
 *            parent fan-out (load + plan + _bulk through the ETL core), and the window's wall time.
 * Prints one RESULT line per figure. Drops what it created.
 */
import { ShopCatalog, catalogEntities, runCatalogMigrations, seedCatalog } from '@keel/catalog';
import {
  createElasticsearchClient,
  createIndexForBulk,
  productIndexDefinition,
  restoreServingSettings,
  swapAliases,
} from '@keel/es-alias';
import { ProductIndexer, databaseDigest, indexDigest } from '@keel/etl-core';
import { openIsolatedDb, stackEnv, uniqueName } from '@keel/test-harness';
import { parseArgs } from 'node:util';
import { batchMigrations } from '../src/batch/batch.migration';
import { BatchWindowService } from '../src/batch/batch-window.service';
import { ShopClock } from '../src/batch/shop-clock';
import { rangesIn } from '../src/repair/repair-pace';
import { RepairService } from '../src/repair/repair.service';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '100000' },
    'range-size': { type: 'string', default: '1000' },
  },
});
const products = Number(values.products);
const rangeSize = Number(values['range-size']);
const out = (figure: Record<string, unknown>) => process.stdout.write(`RESULT ${JSON.stringify(figure)}\n`);
const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;

async function main() {
  const shop = await openIsolatedDb('mysql', {
    entities: catalogEntities,
    prefix: 'repairbench',
    poolSize: 8,
  });
  const platform = await openIsolatedDb('postgres', { prefix: 'repairbench' });
  const client = createElasticsearchClient(stackEnv().elasticsearchUrl, { requestTimeoutMs: 120_000 });
  const alias = uniqueName('bench-repair');
  const aliases = { readAlias: alias, writeAlias: `${alias}-write` };
  let index = '';
  try {
    await runCatalogMigrations(shop.dataSource);
    let started = performance.now();
    await seedCatalog(shop.dataSource, { products, seed: 3, writers: 4 });
    out({ phase: 'seed', products, seconds: +seconds(started).toFixed(1) });
    const runner = platform.dataSource.createQueryRunner();
    for (const migration of batchMigrations) await new migration().up(runner);
    await runner.release();
    index = await createIndexForBulk(client, alias, productIndexDefinition());
    const catalog = new ShopCatalog(shop.dataSource);
    const range = await catalog.idRange();
    if (!range) throw new Error('the bench catalogue is empty');
    const ids = Array.from({ length: range.maxId - range.minId + 1 }, (_, i) => range.minId + i);
    started = performance.now();
    await new ProductIndexer(catalog, client, {
      index,
      source: 'bench',
      batchSize: 1000,
      concurrency: 4,
    }).index(ids);
    await restoreServingSettings(client, index);
    await swapAliases(client, aliases, index);
    await client.indices.refresh({ index });
    out({ phase: 'index', ids: ids.length, seconds: +seconds(started).toFixed(1) });

    const repair = new RepairService(catalog, platform.dataSource, client, {
      writeAlias: aliases.writeAlias,
      readAlias: aliases.readAlias,
      rangeSize,
      pace: { cycleMs: 0, maxProductsPerS: Number.MAX_SAFE_INTEGER },
      batchSize: 1000,
      concurrency: 2,
      instance: () => 'bench',
    });
    started = performance.now();
    const cycle = await repair.runCycle();
    const repairS = seconds(started);
    out({
      phase: 'repair',
      idsChecked: cycle.productsChecked,
      ranges: cycle.rangesDone,
      rangesDiffering: cycle.rangesDiffering,
      fixed: cycle.fixed,
      seconds: +repairS.toFixed(2),
      idsPerSecond: Math.round(cycle.productsChecked / repairS),
    });

    const ranges = Array.from({ length: rangesIn(range.minId, range.maxId, rangeSize) }, (_, i) => ({
      from: range.minId + i * rangeSize,
      to: Math.min(range.maxId, range.minId + (i + 1) * rangeSize - 1),
    }));
    started = performance.now();
    for (const r of ranges) await indexDigest(client, aliases.writeAlias, r);
    const esS = seconds(started);
    out({
      phase: 'es-agg',
      ranges: ranges.length,
      seconds: +esS.toFixed(2),
      idsPerSecond: Math.round(ids.length / esS),
    });
    started = performance.now();
    for (const r of ranges) await databaseDigest(catalog, r);
    const dbS = seconds(started);
    out({
      phase: 'db-agg',
      ranges: ranges.length,
      seconds: +dbS.toFixed(2),
      idsPerSecond: Math.round(ids.length / dbS),
    });

    // a shop that holds every product, renamed: one window fans it out
    const [open] = await shop.dataSource.query("SELECT MIN(id) AS id FROM shops WHERE status = 'open'");
    const bigShop = Number(open.id);
    await shop.dataSource.query('UPDATE products SET shop_id = ?', [bigShop]);
    await new ProductIndexer(catalog, client, {
      index,
      source: 'bench',
      batchSize: 1000,
      concurrency: 4,
    }).index(ids);
    const clock = new ShopClock(shop.dataSource);
    const before = await clock.now();
    await platform.dataSource.query(
      `INSERT INTO batch_history (write_alias, kind, window_start, window_end, status, instance)
       VALUES ($1, 'hop', $2, $3, 'succeeded', 'bench')`,
      [aliases.writeAlias, new Date(before.getTime() - 60_000), before],
    );
    await shop.dataSource.query("UPDATE shops SET name = 'Renamed for the bench' WHERE id = ?", [bigShop]);
    const batch = new BatchWindowService(catalog, clock, platform.dataSource, client, {
      writeAlias: aliases.writeAlias,
      overlapMs: 0,
      lagMs: 0,
      maxWindowMs: 3_600_000,
      initialLookbackMs: 3_600_000,
      pageSize: 5_000,
      batchSize: 500,
      concurrency: 2,
      instance: () => 'bench',
    });
    started = performance.now();
    const [window] = await batch.catchUp();
    const fanS = seconds(started);
    out({
      phase: 'fan-out',
      status: window?.status,
      parentsSeen: window?.parentsSeen,
      productsExpanded: window?.productsExpanded,
      written: window?.written,
      stale: window?.stale,
      deleted: window?.deleted,
      failed: window?.failed,
      error: window?.error,
      seconds: +fanS.toFixed(2),
      productsPerSecond: Math.round((window?.productsExpanded ?? 0) / fanS),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    });
  } finally {
    if (index) await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
    await shop.drop();
    await platform.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`repair bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
