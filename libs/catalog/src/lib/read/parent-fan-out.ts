import type { SqlDialect } from '@keel/datasource';
import type { DataSource } from 'typeorm';
import { dialectOfDataSource } from '../migrations/catalog-migrations';
import type { ChangeCursor } from './catalog-rows';
import { changedRowsPageSql } from './change-feed';
import { type CatalogQuery, inIds, withCatalogSession } from './catalog-session';

type Raw = Record<string, unknown>;

/**
 * The tables a document takes fields from without being a child of the product: a change to one
 * of their rows (a shop renamed or closed, a category renamed or moved, a tag renamed) touches no
 * product row, so the product change feed never sees it. Each is expanded to the products that
 * show it. A new parent table is one entry here and one case in `ParentFanOut.productPage`.
 */
export type ParentTable = 'shops' | 'categories' | 'tags';
export const parentTables: readonly ParentTable[] = ['shops', 'categories', 'tags'];

/** One parent row whose `update_ts` fell in a window. `path` for categories (the subtree's prefix). */
export interface ChangedParent {
  table: ParentTable;
  id: number;
  path?: string;
}

export interface ChangedParentsPage {
  parents: ChangedParent[];
  /** Pass as `after` for the next page of the same table; absent when the table is exhausted. */
  next?: ChangeCursor;
}

/** Categories in the list whose ancestor is in it too: their subtree is already covered. Pure. */
export function dropCoveredCategories(parents: readonly ChangedParent[]): ChangedParent[] {
  const paths = parents.filter((p) => p.table === 'categories' && p.path).map((p) => p.path as string);
  return parents.filter(
    (p) =>
      p.table !== 'categories' ||
      !p.path ||
      !paths.some((other) => other !== p.path && (p.path as string).startsWith(other)),
  );
}

/** A materialised path is ids and slashes; anything else would make the LIKE prefix a pattern. */
const safePath = (path: string) => {
  if (!/^\/(\d+\/)*$/.test(path)) throw new Error(`category path "${path}" is not a materialised id path`);
  return path;
};

/**
 * Parent fan-out for the batch window: which parent rows changed in `[from, to)` (keyset-paged on
 * `(update_ts, id)`), and the ids of the products each one reaches, keyset-paged on the product id
 * so a shop with 100k products is read in bounded rounds. A category reaches its whole subtree
 * (documents carry ancestor names), found by the materialised path's prefix on its index.
 */
export class ParentFanOut {
  readonly dialect: SqlDialect;

  constructor(private readonly dataSource: DataSource) {
    this.dialect = dialectOfDataSource(dataSource);
  }

  async changedParents(
    table: ParentTable,
    from: Date,
    to: Date,
    after?: ChangeCursor,
    limit = 1000,
  ): Promise<ChangedParentsPage> {
    const columns = table === 'categories' ? 'id, path, update_ts' : 'id, update_ts';
    const { sql, params } = changedRowsPageSql(table, columns, 'id', { from, to, after, limit });
    const rows = await this.session((q) => q<Raw>(sql, params));
    const parents = rows.map((r): ChangedParent => ({
      table,
      id: Number(r['id']),
      ...(table === 'categories' ? { path: String(r['path']) } : {}),
    }));
    const last = rows[rows.length - 1];
    return {
      parents,
      next:
        rows.length === limit && last
          ? { updateTs: last['update_ts'] as Date, id: Number(last['id']) }
          : undefined,
    };
  }

  /** The category ids of a subtree (the category itself included), by its path prefix. */
  async subtreeCategoryIds(path: string): Promise<number[]> {
    const rows = await this.session((q) =>
      q<Raw>('SELECT id FROM categories WHERE path LIKE ? ORDER BY id', [`${safePath(path)}%`]),
    );
    return rows.map((r) => Number(r['id']));
  }

  /**
   * Up to `limit` product ids above `afterId` that show the parent, ascending. For a category,
   * pass the subtree's category ids (`subtreeCategoryIds`), read once per category.
   */
  async productPage(
    parent: ChangedParent,
    afterId: number,
    limit: number,
    subtree?: readonly number[],
  ): Promise<number[]> {
    let sql: string;
    let params: unknown[];
    if (parent.table === 'shops') {
      sql = 'SELECT id FROM products WHERE shop_id = ? AND id > ? ORDER BY id';
      params = [parent.id, afterId];
    } else if (parent.table === 'tags') {
      sql =
        'SELECT product_id AS id FROM product_tags WHERE tag_id = ? AND product_id > ? ORDER BY product_id';
      params = [parent.id, afterId];
    } else {
      const categories = subtree && subtree.length > 0 ? subtree : [parent.id];
      sql = `SELECT id FROM products WHERE ${inIds(this.dialect, 'category_id')} AND id > ? ORDER BY id`;
      params = [categories, afterId];
    }
    const rows = await this.session((q) => q<Raw>(`${sql} LIMIT ${limit}`, params));
    return rows.map((r) => Number(r['id']));
  }

  private session<T>(work: (q: CatalogQuery) => Promise<T>): Promise<T> {
    return withCatalogSession(this.dataSource, this.dialect, work);
  }
}
