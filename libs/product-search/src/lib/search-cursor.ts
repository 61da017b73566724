import { createHash } from 'node:crypto';
import { InvalidProductSearch, type ProductSearch } from './search-query';

/** The sort values of the last hit of a page (`search_after`), as Elasticsearch returned them. */
export type SortValues = (number | string | null)[];

/**
 * A short hash of what defines the result list (text, filters, sort; not the page size), so a cursor
 * is only accepted by the search it came from.
 */
export function searchFingerprint(search: ProductSearch): string {
  // key order is fixed by sorting, so equal searches hash equal whatever order their fields came in
  const canonical = JSON.stringify(
    Object.keys(search)
      .sort()
      .map((k) => [k, search[k as keyof ProductSearch]]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** Opaque cursor: base64url of `{ v: 1, q: fingerprint, s: sortValues }`. */
export function encodeCursor(search: ProductSearch, sortValues: SortValues): string {
  return Buffer.from(JSON.stringify({ v: 1, q: searchFingerprint(search), s: sortValues })).toString(
    'base64url',
  );
}

const isSortValue = (v: unknown) =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** The sort values to continue after; throws `InvalidProductSearch` on "after" for a foreign or broken cursor. */
export function decodeCursor(search: ProductSearch, cursor: string): SortValues {
  let decoded: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidProductSearch('after', 'is not a cursor returned by products');
  }
  const c = decoded as { v?: unknown; q?: unknown; s?: unknown };
  if (c?.v !== 1 || typeof c.q !== 'string' || !Array.isArray(c.s) || !c.s.every(isSortValue))
    throw new InvalidProductSearch('after', 'is not a cursor returned by products');
  if (c.q !== searchFingerprint(search))
    throw new InvalidProductSearch(
      'after',
      'belongs to a different search (text, filters or sort changed): start again without "after"',
    );
  return c.s as SortValues;
}
