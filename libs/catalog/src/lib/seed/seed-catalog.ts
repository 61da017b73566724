import type { SqlDialect } from '@keel/datasource';
import type { DataSource, QueryRunner } from 'typeorm';
import { dialectOfDataSource, runCatalogMigrations } from '../migrations/catalog-migrations';
import { type CatalogQuery, withCatalogSession } from '../read/catalog-session';
import { allCatalogTables, productTombstones } from '../schema/catalog-tables';
import { raiseVersionFloorSql } from '../schema/row-version-ddl';
import { type InsertColumn, insertRows } from './bulk-insert';
import { generateShop, planCatalog, productBatches } from './catalog-generator';
import type { SeedProductBundle } from './seed-rows';

export interface SeedOptions {
  /** How many products exist afterwards (ids have gaps where products were hard-deleted). */
  products: number;
  /** Same seed and count, same rows. */
  seed?: number;
  /** Empty the catalogue tables first; without it a non-empty catalogue is refused. */
  reset?: boolean;
  /** Products per transaction. */
  batchSize?: number;
  /** Batches written at once, each on its own connection (the pool must hold this many). */
  writers?: number;
  onProgress?: (progress: SeedProgress) => void;
}

export interface SeedProgress {
  products: number;
  rows: number;
  elapsedMs: number;
}

export interface SeedReport {
  shops: number;
  categories: number;
  tags: number;
  products: number;
  options: number;
  images: number;
  productTags: number;
  /** Every row written, all tables together. */
  rows: number;
  elapsedMs: number;
}

export class CatalogNotEmpty extends Error {
  constructor(products: number) {
    super(`the catalogue already holds ${products} products: seed with reset to replace them`);
    this.name = 'CatalogNotEmpty';
  }
}

const col = (name: string, pgType: string): InsertColumn => ({ name, pgType });

const columns = {
  shops: [col('id', 'bigint'), col('name', 'text'), col('status', 'text'), col('created_at', 'timestamptz')],
  categories: [
    col('id', 'bigint'),
    col('parent_id', 'bigint'),
    col('name_ko', 'text'),
    col('name_en', 'text'),
    col('depth', 'smallint'),
    col('path', 'text'),
  ],
  tags: [col('id', 'bigint'), col('name_ko', 'text'), col('name_en', 'text')],
  products: [
    col('id', 'bigint'),
    col('shop_id', 'bigint'),
    col('category_id', 'bigint'),
    col('name_ko', 'text'),
    col('name_en', 'text'),
    col('description', 'text'),
    col('brand', 'text'),
    col('status', 'text'),
    col('base_price', 'numeric'),
    col('popularity_score', 'float8'),
    col('created_at', 'timestamptz'),
  ],
  options: [
    col('id', 'bigint'),
    col('product_id', 'bigint'),
    col('sku', 'text'),
    col('name_ko', 'text'),
    col('name_en', 'text'),
    col('price', 'numeric'),
    col('stock', 'integer'),
  ],
  images: [
    col('id', 'bigint'),
    col('product_id', 'bigint'),
    col('url', 'text'),
    col('sort_order', 'smallint'),
  ],
  productTags: [col('product_id', 'bigint'), col('tag_id', 'bigint')],
};

/**
 * Fills a shop DB with a deterministic catalogue: runs the catalogue migrations, then writes
 * categories, tags, shops and products with their options, images and tags, in multi-row INSERTs,
 * one transaction per batch of products. update_ts is left to the database.
 */
export async function seedCatalog(dataSource: DataSource, options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const dialect = dialectOfDataSource(dataSource);
  const plan = planCatalog(options.seed ?? 1, options.products);
  const batchSize = options.batchSize ?? 2000;
  await runCatalogMigrations(dataSource);

  const report: SeedReport = {
    shops: 0,
    categories: 0,
    tags: 0,
    products: 0,
    options: 0,
    images: 0,
    productTags: 0,
    rows: 0,
    elapsedMs: 0,
  };

  await withCatalogSession(dataSource, dialect, async (query, runner) => {
    if (options.reset) await emptyCatalog(query, dialect);
    const [existing] = await query<{ n: string | number }>('SELECT COUNT(*) AS n FROM products');
    if (Number(existing?.n ?? 0) > 0) throw new CatalogNotEmpty(Number(existing?.n));
    await inTransaction(runner, async () => {
      report.categories = await insertRows(
        query,
        dialect,
        'categories',
        columns.categories,
        plan.tree.categories.map((c) => [c.id, c.parentId, c.nameKo, c.nameEn, c.depth, c.path]),
      );
      report.tags = await insertRows(
        query,
        dialect,
        'tags',
        columns.tags,
        plan.tags.map((t) => [t.id, t.nameKo, t.nameEn]),
      );
      const shops = Array.from({ length: plan.shops }, (_, i) => generateShop(plan.seed, i + 1));
      report.shops = await insertRows(
        query,
        dialect,
        'shops',
        columns.shops,
        shops.map((s) => [s.id, s.name, s.status, s.createdAt]),
      );
    });
  });

  const writeBatch = (batch: SeedProductBundle[]) =>
    withCatalogSession(dataSource, dialect, (query, runner) =>
      inTransaction(runner, async () => {
        const products = batch.map(({ product: p }) => [
          p.id,
          p.shopId,
          p.categoryId,
          p.nameKo,
          p.nameEn,
          p.description,
          p.brand,
          p.status,
          p.basePrice,
          p.popularityScore,
          p.createdAt,
        ]);
        const options = batch.flatMap((b) =>
          b.options.map((o) => [o.id, o.productId, o.sku, o.nameKo, o.nameEn, o.price, o.stock]),
        );
        const images = batch.flatMap((b) => b.images.map((i) => [i.id, i.productId, i.url, i.sortOrder]));
        const tags = batch.flatMap((b) => b.tags.map((t) => [t.productId, t.tagId]));
        // children first: their version triggers find no product row yet and update nothing (a
        // product inserted after its children starts above every tombstone and the floor, which is
        // all its first version needs); the other order rewrites each product once per child row
        await insertRows(query, dialect, 'product_options', columns.options, options);
        await insertRows(query, dialect, 'product_images', columns.images, images);
        await insertRows(query, dialect, 'product_tags', columns.productTags, tags);
        await insertRows(query, dialect, 'products', columns.products, products);
        // counted in one synchronous step after the awaits: several writers update the report
        report.products += products.length;
        report.options += options.length;
        report.images += images.length;
        report.productTags += tags.length;
      }),
    );

  // Several batches in flight: the database works on them while the next one is generated.
  const writers = Math.max(1, options.writers ?? 2);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  for (const batch of productBatches(plan, batchSize)) {
    while (inFlight.size >= writers) await Promise.race(inFlight);
    if (failure) break;
    options.onProgress?.({
      products: report.products,
      rows: rowsOf(report),
      elapsedMs: Date.now() - started,
    });
    const write: Promise<void> = writeBatch(batch)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
  }
  await Promise.all(inFlight);
  if (failure) throw failure;

  if (dialect === 'postgres') await withCatalogSession(dataSource, dialect, advanceIdentities);
  report.rows = rowsOf(report);
  report.elapsedMs = Date.now() - started;
  return report;
}

async function inTransaction<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
  // READ COMMITTED: a child's version trigger that finds no product row yet takes no gap lock on
  // MySQL, so the batches in flight do not deadlock on each other's product ids
  await runner.startTransaction('READ COMMITTED');
  try {
    const result = await work();
    await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  }
}

function rowsOf(r: SeedReport): number {
  return r.shops + r.categories + r.tags + r.products + r.options + r.images + r.productTags;
}

async function emptyCatalog(query: CatalogQuery, dialect: SqlDialect): Promise<void> {
  // TRUNCATE fires no row trigger: raise the floor first, so ids used again start above every
  // document an index still holds (PostgreSQL's TRUNCATE trigger does it too; MySQL has none)
  await query(raiseVersionFloorSql());
  const tables = [...allCatalogTables.map((t) => t.name), productTombstones.name];
  if (dialect === 'postgres') {
    await query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY`);
    return;
  }
  for (const table of tables) await query(`TRUNCATE TABLE ${table}`);
}

/** Explicit ids do not move PostgreSQL identity sequences; later inserts without an id would collide. */
async function advanceIdentities(query: CatalogQuery): Promise<void> {
  for (const table of allCatalogTables) {
    if (table.name === 'product_tags') continue;
    await query(
      `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), GREATEST((SELECT MAX(id) FROM ${table.name}), 1))`,
    );
  }
}
