/**
 * Which products a search may return, in one place for the index (etl-core's document builder and
 * range digest) and the SQL that counts or lists the same set (recovery's verify, the JOIN
 * equivalent of product search): an active product whose shop is not closed. A product whose shop
 * row is missing stays searchable (without a shop name).
 */
export const SEARCHABLE_STATUSES: ReadonlySet<string> = new Set(['active']);

/** Products of a closed shop leave search and come back when it reopens (the batch fans the shop out). */
export const CLOSED_SHOP_STATUSES: ReadonlySet<string> = new Set(['closed']);

/** `column = 'a'` or `column IN ('a', 'b')` (the values are ours, never input). */
const isOneOf = (column: string, values: ReadonlySet<string>): string => {
  const list = [...values].map((v) => `'${v}'`);
  return list.length === 1 ? `${column} = ${list[0]}` : `${column} IN (${list.join(', ')})`;
};

/** The same rule as a SQL condition on a products table aliased `alias`, for both dialects. */
export function searchableProductSql(alias: string): string {
  return (
    `${isOneOf(`${alias}.status`, SEARCHABLE_STATUSES)} AND ${alias}.shop_id NOT IN ` +
    `(SELECT id FROM shops WHERE ${isOneOf('status', CLOSED_SHOP_STATUSES)})`
  );
}
