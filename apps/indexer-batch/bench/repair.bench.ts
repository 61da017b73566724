/**
 * `npx nx run indexer-batch:bench [--products N] [--range-size R] [--fan-out F] [--reuse]`: figures,
 * not verdicts.
 *
 * Seeds N products into an isolated bench shop DB (MariaDB) and indexes them (with `--reuse`: into
 * the bench's own DB `keel_bench_repair` and index alias `bench-repair`, kept between runs and
 * seeded and indexed again only when their counts are not N), then measures:
 *   repair   one repair cycle over the clean catalogue (digests only, every range clean): ids/s;
 *   es-agg   the limit: the same ranges' Elasticsearch aggregations alone, one after another: ids/s;
 *   db-agg   the same ranges' SQL digests alone: ids/s;
 *   fan-out  (skipped with --fan-out 0) the first F products (default 100 000) moved to one shop, that shop renamed, one batch
 *            window: products/s of the parent fan-out (load + plan + _bulk through the ETL core), and
 *            the window's wall time.
 * Prints one RESULT line per figure. Drops what it created (except what `--reuse` keeps).
 */
import { ShopCatalog, catalogEntities, runCatalogMigrations, seedCatalog } from '@keel/catalog';
import { createElasticsearchClient, indicesOfAlias } from '@keel/es-alias';
import { aliasPairOf } from '@keel/product-index';
import { dataSourceOptionsFromUrl } from '@keel/datasource';
import { databaseDigest, indexDigest, type IdRange } from '@keel/etl-core';
import { openIsolatedDb, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { BatchHistoryStore } from '../src/batch/batch-history.store';
import { batchMigrations } from '../src/batch/batch.migration';
import { emptyWindowCounts } from '../src/batch/batch-window';
import { BatchWindowService } from '../src/batch/batch-window.service';
import { ShopClock } from '../src/batch/shop-clock';
import { rangesIn } from '../src/repair/repair-pace';
import { RepairService } from '../src/repair/repair.service';
import { benchIndexer, loadServingIndex } from './support';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '100000' },
    'range-size': { type: 'string', default: '1000' },
    'fan-out': { type: 'string', default: '100000' },
    reuse: { type: 'boolean', default: false },
    'mysql-url': {
      type: 'string',
      default: process.env['KEEL_BENCH_REPAIR_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/keel_bench_repair',
    },
  },
});
const products = Number(values.products);
const rangeSize = Number(values['range-size']);
const fanOut = Math.min(products, Number(values['fan-out']));
const reusedAlias = 'bench-repair';
// the 1-minute load average beside every figure (other work on the machine moves them)
const out = (figure: Record<string, unknown>) =>
  process.stdout.write(`RESULT ${JSON.stringify({ ...figure, load1: +loadavg()[0].toFixed(1) })}\n`);
const seconds = (startedMs: number) => (performance.now() - startedMs) / 1000;

/** The bench's own persistent shop DB (`--reuse`), created when missing. */
async function openKeptShop(url: string): Promise<Pick<IsolatedDb, 'dataSource' | 'drop'>> {
  const server = new URL(url);
  const database = server.pathname.slice(1);
  server.pathname = '/';
  const admin = new DataSource(dataSourceOptionsFromUrl(server.toString(), { poolSize: 1 }));
  await admin.initialize();
  await admin.query(
    `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
  );
  await admin.destroy();
  const dataSource = new DataSource(
    dataSourceOptionsFromUrl(url, { entities: catalogEntities, poolSize: 8 }),
  );
  await dataSource.initialize();
  return { dataSource, drop: () => dataSource.destroy() };
}

async function main() {
  const reuse = values.reuse === true;
  const shop = reuse
    ? await openKeptShop(values['mysql-url'])
    : await openIsolatedDb('mysql', { entities: catalogEntities, prefix: 'repairbench', poolSize: 8 });
  const platform = await openIsolatedDb('postgres', { prefix: 'repairbench', migrations: batchMigrations });
  const client = createElasticsearchClient(stackEnv().elasticsearchUrl, { requestTimeoutMs: 120_000 });
  const alias = reuse ? reusedAlias : uniqueName('bench-repair');
  const aliases = aliasPairOf(alias);
  let index = '';
  try {
    await runCatalogMigrations(shop.dataSource);
    const catalog = new ShopCatalog(shop.dataSource);
    const [{ n: seeded }] = await shop.dataSource.query('SELECT COUNT(*) AS n FROM products');
    let started = performance.now();
    if (reuse && Number(seeded) === products) {
      process.stderr.write(`reusing ${products} seeded products\n`);
    } else {
      await seedCatalog(shop.dataSource, { products, seed: 3, writers: 4, reset: reuse });
      out({ phase: 'seed', products, seconds: +seconds(started).toFixed(1) });
    }
    const range = await catalog.idRange();
    if (!range) throw new Error('the bench catalogue is empty');
    const ids = Array.from({ length: range.maxId - range.minId + 1 }, (_, i) => range.minId + i);
    const [kept] = reuse ? await indicesOfAlias(client, aliases.writeAlias) : [];
    const searchable = async () =>
      Number(
        (
          await shop.dataSource.query(
            `SELECT COUNT(*) AS n FROM products WHERE status = 'active'
               AND shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed')`,
          )
        )[0].n,
      );
    if (kept && (await client.count({ index: kept })).count === (await searchable())) {
      index = kept;
      process.stderr.write(`reusing index ${kept} behind ${aliases.writeAlias}\n`);
    } else {
      if (kept) await client.indices.delete({ index: kept, ignore_unavailable: true });
      const loaded = await loadServingIndex(catalog, client, alias, ids);
      index = loaded.index;
      out({ phase: 'index', ids: ids.length, seconds: +loaded.seconds.toFixed(1) });
    }
    await client.indices.refresh({ index });

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
    /** One digest per range, one after another: the limit of that side alone. */
    const digestsAlone = async (phase: string, digest: (r: IdRange) => Promise<unknown>) => {
      const startedMs = performance.now();
      for (const r of ranges) await digest(r);
      const s = seconds(startedMs);
      out({ phase, ranges: ranges.length, seconds: +s.toFixed(2), idsPerSecond: Math.round(ids.length / s) });
    };
    await digestsAlone('es-agg', (r) => indexDigest(client, aliases.writeAlias, r));
    await digestsAlone('db-agg', (r) => databaseDigest(catalog, r));

    if (fanOut > 0) await fanOutPhase();
    async function fanOutPhase() {
      // a shop that holds the first F products, renamed: one window fans it out
      const [open] = await shop.dataSource.query("SELECT MIN(id) AS id FROM shops WHERE status = 'open'");
      const bigShop = Number(open.id);
      const moved = ids.slice(0, fanOut);
      await shop.dataSource.query('UPDATE products SET shop_id = ? WHERE id BETWEEN ? AND ?', [
        bigShop,
        moved[0],
        moved[moved.length - 1],
      ]);
      await benchIndexer(catalog, client, index).index(moved);
      const clock = new ShopClock(shop.dataSource);
      const before = await clock.now();
      // a hop that ended just before the rename: the batch's next window starts there (through the
      // table's store, the only code that writes batch_history)
      const history = new BatchHistoryStore(platform.dataSource);
      const hop = await history.start(
        aliases.writeAlias,
        { from: new Date(before.getTime() - 60_000), to: before },
        'hop',
        'bench',
      );
      await history.finish(hop.id, 'succeeded', emptyWindowCounts(), null);
      await shop.dataSource.query('UPDATE shops SET name = ? WHERE id = ?', [
        `Renamed for the bench ${new Date().toISOString()}`,
        bigShop,
      ]);
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
    }
  } finally {
    if (index && !reuse) await client.indices.delete({ index, ignore_unavailable: true });
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
