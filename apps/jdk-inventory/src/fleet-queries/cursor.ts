import { InvalidRequest } from './inventory-requests';

const PREFIX = 'jdk1:';

/**
 * Opaque page cursors: the last row's ID (keyset pagination, stable while rows are added), base64url
 * so clients treat it as a token. A cursor that does not decode is a bad request naming `after`.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`${PREFIX}${lastId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^\d{1,19}$/.test(id)) {
    throw new InvalidRequest([{ field, message: 'is not a cursor this service returned' }]);
  }
  return id;
}

/** A page from `first + 1` rows fetched in key order: the extra row only says there is a next page. */
export function pageOf<R, T>(
  rows: readonly R[],
  first: number,
  idOf: (row: R) => string,
  map: (row: R) => T,
  totalCount: number,
) {
  const hasNextPage = rows.length > first;
  const kept = rows.slice(0, first);
  const last = kept.at(-1);
  return {
    items: kept.map(map),
    cursors: kept.map((row) => encodeCursor(idOf(row))),
    endCursor: last === undefined ? null : encodeCursor(idOf(last)),
    hasNextPage,
    totalCount,
  };
}
