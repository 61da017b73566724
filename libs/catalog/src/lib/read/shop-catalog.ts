import type { SqlDialect } from '@keel/datasource';
import type { DataSource } from 'typeorm';
import { dialectOfDataSource } from '../migrations/catalog-migrations';
import { toSafeId } from '../entities/bigint-id.transformer';
import { productChangeTables } from '../schema/catalog-tables';
import { tombstoneTable, versionFloorTable } from '../schema/row-version-ddl';
import type {
  CategoryRow,
  ChangeCursor,
  ChangedProductsPage,
  ProductIdRange,
  ProductImageRow,
  ProductOptionRow,
  ProductRow,
  ProductTagRow,
  ProductTombstoneRow,
  ShopRow,
  TagRow,
} from './catalog-rows';
import { type CatalogQuery, inIds, withCatalogSession } from './catalog-session';
import { searchableProductSql } from './searchable';
import { changedRowsPageSql, checkedPageLimit, firstSeenProductIds, mergeTablePages } from './change-feed';
import {
  toCategoryRow,
  toProductImageRow,
  toProductOptionRow,
  toProductRow,
  toProductTagRow,
  toProductTombstoneRow,
  toShopRow,
  toTagRow,
} from './row-mappers';

type Raw = Record<string, unknown>;

/** Product ids `from..to`, both included. */
export interface ProductIdSpan {
  from: number;
  to: number;
}

/** Above this many ids a load is split into several statements (PostgreSQL caps a statement's parameters). */
export const maxIdsPerSelect = 10_000;

const productColumns =
  'id, shop_id, category_id, name_ko, name_en, description, brand, status, base_price, popularity_score, created_at, update_ts, row_version';

/**
 * The by-id loads on one connection: `ShopCatalog` runs each on its own pooled connection, and
 * `ShopCatalog.snapshot` runs them all in one REPEATABLE READ transaction, so rows and versions are
 * one committed state.
 */
export class CatalogReader {
  constructor(
    private readonly q: CatalogQuery,
    readonly dialect: SqlDialect,
  ) {}

  loadProductsByIds(ids: readonly number[]): Promise<ProductRow[]> {
    return this.loadByIds(`SELECT ${productColumns} FROM products`, 'id', 'id', ids, toProductRow);
  }

  loadOptionsByProductIds(productIds: readonly number[]): Promise<ProductOptionRow[]> {
    const sql = 'SELECT id, product_id, sku, name_ko, name_en, price, stock, update_ts FROM product_options';
    return this.loadByIds(sql, 'product_id', 'product_id, id', productIds, toProductOptionRow);
  }

  loadImagesByProductIds(productIds: readonly number[]): Promise<ProductImageRow[]> {
    const sql = 'SELECT id, product_id, url, sort_order, update_ts FROM product_images';
    return this.loadByIds(sql, 'product_id', 'product_id, sort_order, id', productIds, toProductImageRow);
  }

  /** The product–tag links; load the tags' names with `loadTagsByIds`. */
  loadTagsByProductIds(productIds: readonly number[]): Promise<ProductTagRow[]> {
    const sql = 'SELECT product_id, tag_id, update_ts FROM product_tags';
    return this.loadByIds(sql, 'product_id', 'product_id, tag_id', productIds, toProductTagRow);
  }

  loadTagsByIds(ids: readonly number[]): Promise<TagRow[]> {
    const sql = 'SELECT id, name_ko, name_en, update_ts, row_version FROM tags';
    return this.loadByIds(sql, 'id', 'id', ids, toTagRow);
  }

  loadShopsByIds(ids: readonly number[]): Promise<ShopRow[]> {
    const sql = 'SELECT id, name, status, created_at, update_ts, row_version FROM shops';
    return this.loadByIds(sql, 'id', 'id', ids, toShopRow);
  }

  loadCategoriesByIds(ids: readonly number[]): Promise<CategoryRow[]> {
    const sql = 'SELECT id, parent_id, name_ko, name_en, depth, path, update_ts, row_version FROM categories';
    return this.loadByIds(sql, 'id', 'id', ids, toCategoryRow);
  }

  /**
   * The by-range twins of the loads above, for a contiguous id range (a rebuild's): one
   * `BETWEEN ? AND ?` range scan per table instead of a list of point lookups, still by ID only.
   */
  loadProductsInRange(range: ProductIdSpan): Promise<ProductRow[]> {
    return this.loadByRange(`SELECT ${productColumns} FROM products`, 'id', 'id', range, toProductRow);
  }

  loadOptionsInProductRange(range: ProductIdSpan): Promise<ProductOptionRow[]> {
    const sql = 'SELECT id, product_id, sku, name_ko, name_en, price, stock, update_ts FROM product_options';
    return this.loadByRange(sql, 'product_id', 'product_id, id', range, toProductOptionRow);
  }

  loadImagesInProductRange(range: ProductIdSpan): Promise<ProductImageRow[]> {
    const sql = 'SELECT id, product_id, url, sort_order, update_ts FROM product_images';
    return this.loadByRange(sql, 'product_id', 'product_id, sort_order, id', range, toProductImageRow);
  }

  loadTagsInProductRange(range: ProductIdSpan): Promise<ProductTagRow[]> {
    const sql = 'SELECT product_id, tag_id, update_ts FROM product_tags';
    return this.loadByRange(sql, 'product_id', 'product_id, tag_id', range, toProductTagRow);
  }

  loadTombstonesInRange(range: ProductIdSpan): Promise<ProductTombstoneRow[]> {
    const sql = `SELECT product_id, version FROM ${tombstoneTable}`;
    return this.loadByRange(sql, 'product_id', 'product_id', range, toProductTombstoneRow);
  }

  /** Tombstones of deleted products (final version + 1), for the ids that have one. */
  loadTombstonesByIds(productIds: readonly number[]): Promise<ProductTombstoneRow[]> {
    const sql = `SELECT product_id, version FROM ${tombstoneTable}`;
    return this.loadByIds(sql, 'product_id', 'product_id', productIds, toProductTombstoneRow);
  }

  /** The version a deleted id without a tombstone is deleted with (above every pre-migration version). */
  async versionFloor(): Promise<number> {
    const [row] = await this.q<Raw>(`SELECT floor_version FROM ${versionFloorTable} WHERE id = 1`);
    if (!row) throw new Error(`${versionFloorTable} is empty: run the catalogue migrations (catalog:doctor)`);
    return toSafeId(row['floor_version'] as string | number);
  }

  private async loadByRange<T>(
    select: string,
    column: string,
    orderBy: string,
    range: ProductIdSpan,
    toRow: (raw: Raw) => T,
  ): Promise<T[]> {
    if (!(Number.isSafeInteger(range.from) && Number.isSafeInteger(range.to))) {
      throw new RangeError(`id range bounds must be safe integers, got ${range.from}..${range.to}`);
    }
    if (range.to < range.from) return [];
    const raw = await this.q<Raw>(`${select} WHERE ${column} BETWEEN ? AND ? ORDER BY ${orderBy}`, [
      range.from,
      range.to,
    ]);
    return raw.map(toRow);
  }

  private async loadByIds<T>(
    select: string,
    column: string,
    orderBy: string,
    ids: readonly number[],
    toRow: (raw: Raw) => T,
  ): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows: T[] = [];
    for (let i = 0; i < unique.length; i += maxIdsPerSelect) {
      const chunk = unique.slice(i, i + maxIdsPerSelect);
      const raw = await this.q<Raw>(`${select} WHERE ${inIds(this.dialect, column)} ORDER BY ${orderBy}`, [
        chunk,
      ]);
      rows.push(...raw.map(toRow));
    }
    return rows;
  }
}

/**
 * What the indexers read from a shop DB: one `SELECT … WHERE <id> IN (…)` per table, no JOINs, so
 * each query is an index lookup and the document builder joins in memory.
 */
export class ShopCatalog {
  readonly dialect: SqlDialect;

  constructor(readonly dataSource: DataSource) {
    this.dialect = dialectOfDataSource(dataSource);
  }

  /**
   * Runs `work` in one read-only REPEATABLE READ transaction on one connection: every load sees the
   * same committed state (MySQL: `WITH CONSISTENT SNAPSHOT` takes it at once; PostgreSQL at the
   * first statement). Documents and their versions must come from one state, or a version could
   * belong to other rows than the ones the document was built from.
   */
  snapshot<T>(work: (reader: CatalogReader) => Promise<T>): Promise<T> {
    return withCatalogSession(this.dataSource, this.dialect, async (q) => {
      if (this.dialect === 'mysql') {
        await q('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        await q('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      } else {
        await q('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      }
      try {
        const result = await work(new CatalogReader(q, this.dialect));
        await q('COMMIT');
        return result;
      } catch (error) {
        await q('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  loadProductsByIds(ids: readonly number[]): Promise<ProductRow[]> {
    return this.read((r) => r.loadProductsByIds(ids));
  }

  loadOptionsByProductIds(productIds: readonly number[]): Promise<ProductOptionRow[]> {
    return this.read((r) => r.loadOptionsByProductIds(productIds));
  }

  loadImagesByProductIds(productIds: readonly number[]): Promise<ProductImageRow[]> {
    return this.read((r) => r.loadImagesByProductIds(productIds));
  }

  /** The product–tag links; load the tags' names with `loadTagsByIds`. */
  loadTagsByProductIds(productIds: readonly number[]): Promise<ProductTagRow[]> {
    return this.read((r) => r.loadTagsByProductIds(productIds));
  }

  loadTagsByIds(ids: readonly number[]): Promise<TagRow[]> {
    return this.read((r) => r.loadTagsByIds(ids));
  }

  loadShopsByIds(ids: readonly number[]): Promise<ShopRow[]> {
    return this.read((r) => r.loadShopsByIds(ids));
  }

  loadCategoriesByIds(ids: readonly number[]): Promise<CategoryRow[]> {
    return this.read((r) => r.loadCategoriesByIds(ids));
  }

  /**
   * The shop DB's clock: catch-up bounds use it, never the app's clock. Epoch milliseconds, so no
   * session time zone can shift the answer.
   */
  async databaseNow(): Promise<Date> {
    const sql =
      this.dialect === 'mysql'
        ? 'SELECT UNIX_TIMESTAMP(CURRENT_TIMESTAMP(3)) * 1000 AS ms'
        : 'SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::float8 AS ms';
    const [row] = await this.session((q) => q(sql));
    const ms = Math.floor(Number(row?.['ms']));
    if (!Number.isFinite(ms)) throw new Error(`the shop DB answered no time to "${sql}"`);
    return new Date(ms);
  }

  /** Smallest and largest product id, or null for an empty catalogue (recovery splits this range). */
  async idRange(): Promise<ProductIdRange | null> {
    const [row] = await this.session((q) => q('SELECT MIN(id) AS min_id, MAX(id) AS max_id FROM products'));
    if (!row || row['min_id'] === null || row['min_id'] === undefined) return null;
    return { minId: Number(row['min_id']), maxId: Number(row['max_id']) };
  }

  /** Products a search may return (active, shop not closed: `searchableProductSql`): what a complete index holds. */
  async countSearchableProducts(): Promise<number> {
    const [row] = await this.session((q) =>
      q(`SELECT COUNT(*) AS n FROM products p WHERE ${searchableProductSql('p')}`),
    );
    return Number(row?.['n'] ?? 0);
  }

  /**
   * Product ids with a change in `[from, to)`: a change of the product row or of any of its options,
   * images or tag links. Keyset pagination over `(update_ts, product id)`: each table is read with
   * its own index-ordered query after the cursor, the pages are merged, and a product is reported at
   * its earliest change in the window only, so each id appears once across pages. Shop, category and
   * tag renames are not fanned out to their products here.
   */
  async productIdsChangedBetween(
    from: Date,
    to: Date,
    after?: ChangeCursor,
    limit = 1000,
  ): Promise<ChangedProductsPage> {
    checkedPageLimit(limit);
    return this.session(async (q) => {
      const pages: ChangeCursor[][] = [];
      for (const table of productChangeTables) {
        pages.push(
          await this.changedPositions(q, table.name, table.productIdColumn ?? 'id', from, to, after, limit),
        );
      }
      const merged = mergeTablePages(pages, limit);
      const candidates = [...new Set(merged.positions.map((p) => p.id))];
      const earliest = after ? await this.earliestChanges(q, candidates, from, to) : new Map<number, Date>();
      return { ids: firstSeenProductIds(merged.positions, earliest, after), next: merged.next };
    });
  }

  private async changedPositions(
    q: CatalogQuery,
    table: string,
    idColumn: string,
    from: Date,
    to: Date,
    after: ChangeCursor | undefined,
    limit: number,
  ): Promise<ChangeCursor[]> {
    // DISTINCT would defeat the index order; duplicates of one position are dropped in the merge
    const { sql, params } = changedRowsPageSql(table, `${idColumn} AS id, update_ts`, idColumn, {
      from,
      to,
      after,
      limit,
    });
    const rows = await q<Raw>(sql, params);
    return rows.map((r) => ({ id: Number(r['id']), updateTs: r['update_ts'] as Date }));
  }

  /** Each candidate's earliest update_ts in the window, over the product row and all its children. */
  private async earliestChanges(
    q: CatalogQuery,
    ids: number[],
    from: Date,
    to: Date,
  ): Promise<Map<number, Date>> {
    const earliest = new Map<number, Date>();
    if (ids.length === 0) return earliest;
    for (const table of productChangeTables) {
      const column = table.productIdColumn ?? 'id';
      const rows = await q<Raw>(
        `SELECT ${column} AS id, MIN(update_ts) AS first_ts FROM ${table.name}` +
          ` WHERE ${inIds(this.dialect, column)} AND update_ts >= ? AND update_ts < ? GROUP BY ${column}`,
        [ids, from, to],
      );
      for (const row of rows) {
        const id = Number(row['id']);
        const first = new Date(row['first_ts'] as Date);
        const known = earliest.get(id);
        if (!known || first < known) earliest.set(id, first);
      }
    }
    return earliest;
  }

  private read<T>(work: (reader: CatalogReader) => Promise<T>): Promise<T> {
    return this.session((q) => work(new CatalogReader(q, this.dialect)));
  }

  private session<T>(work: (q: CatalogQuery) => Promise<T>): Promise<T> {
    return withCatalogSession(this.dataSource, this.dialect, work);
  }
}
