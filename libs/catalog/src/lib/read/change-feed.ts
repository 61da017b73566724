import type { ChangeCursor } from './catalog-rows';

/**
 * Pure core of `productIdsChangedBetween` and of the parents' change feed (`changedParents`). Each change table (products and its children) is read with
 * its own keyset query ordered by `(update_ts, product id)`; the pages are merged here. A product
 * that changed in several rows of the window is reported once, at its earliest position.
 */

export function comparePositions(a: ChangeCursor, b: ChangeCursor): number {
  return a.updateTs.getTime() - b.updateTs.getTime() || a.id - b.id;
}

export interface MergedChangePage {
  /** The first `limit` positions of all tables together, in order. */
  positions: ChangeCursor[];
  next?: ChangeCursor;
}

/**
 * Merges per-table pages (each sorted and at most `limit` long). The first `limit` merged positions
 * are exact: a row missing from them would have to sit behind `limit` earlier rows of its own table.
 */
export function mergeTablePages(pages: ChangeCursor[][], limit: number): MergedChangePage {
  const all = pages.flat().sort(comparePositions);
  const exhausted = pages.every((page) => page.length < limit) && all.length <= limit;
  const positions = all.slice(0, limit);
  if (exhausted || positions.length === 0) return { positions };
  return { positions, next: positions[positions.length - 1] };
}

/**
 * The product ids whose earliest change in the window lies after `after`: those not reported on an
 * earlier page. `earliest` maps a product id to its smallest update_ts in the window over all tables.
 */
export function firstSeenProductIds(
  positions: ChangeCursor[],
  earliest: ReadonlyMap<number, Date>,
  after: ChangeCursor | undefined,
): number[] {
  const ids: number[] = [];
  const seen = new Set<number>();
  for (const { id } of positions) {
    if (seen.has(id)) continue;
    seen.add(id);
    const first = earliest.get(id);
    // a row rewritten while we paged has no earlier position any more: report it (duplicates are harmless)
    if (!after || !first || comparePositions({ updateTs: first, id }, after) > 0) ids.push(id);
  }
  return ids;
}

/** A page size as the catalog's paged reads take it: a positive integer, or a RangeError naming it. */
export function checkedPageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  return limit;
}

export interface ChangeWindowPage {
  from: Date;
  to: Date;
  /** The last position of the previous page: this page starts after it. */
  after?: ChangeCursor;
  limit: number;
}

/**
 * One keyset page of the rows of `table` changed in `[from, to)`, after the cursor, in the index order
 * `(update_ts, idColumn)` (no DISTINCT, no extra sort), with `?` placeholders.
 */
export function changedRowsPageSql(
  table: string,
  columns: string,
  idColumn: string,
  page: ChangeWindowPage,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [page.from, page.to];
  let keyset = '';
  if (page.after) {
    keyset = ` AND (update_ts > ? OR (update_ts = ? AND ${idColumn} > ?))`;
    params.push(page.after.updateTs, page.after.updateTs, page.after.id);
  }
  const sql =
    `SELECT ${columns} FROM ${table} WHERE update_ts >= ? AND update_ts < ?${keyset}` +
    ` ORDER BY update_ts, ${idColumn} LIMIT ${checkedPageLimit(page.limit)}`;
  return { sql, params };
}
