/**
 * The catalogue tables and how each one points at a product. The change feed and the doctor read
 * this list, so a new child table is one entry here plus its DDL.
 */
export interface CatalogTable {
  name: string;
  /** The column that identifies the product a row belongs to (`id` for products itself). */
  productIdColumn?: string;
  /** The second column of the `(update_ts, …)` index: what keyset pagination orders by. */
  keysetColumn: string;
}

export const catalogTables = {
  shops: { name: 'shops', keysetColumn: 'id' },
  categories: { name: 'categories', keysetColumn: 'id' },
  tags: { name: 'tags', keysetColumn: 'id' },
  products: { name: 'products', productIdColumn: 'id', keysetColumn: 'id' },
  productOptions: { name: 'product_options', productIdColumn: 'product_id', keysetColumn: 'product_id' },
  productImages: { name: 'product_images', productIdColumn: 'product_id', keysetColumn: 'product_id' },
  productTags: { name: 'product_tags', productIdColumn: 'product_id', keysetColumn: 'product_id' },
} satisfies Record<string, CatalogTable>;

/**
 * A deleted product's tombstone (written by a trigger, `row-version-ddl.ts`). Not in
 * `allCatalogTables`: it comes with the row-version migration, after the catalogue's own.
 */
export const productTombstones: CatalogTable = {
  name: 'keel_product_tombstones',
  productIdColumn: 'product_id',
  keysetColumn: 'product_id',
};

/**
 * Tables whose change means "re-index this product": the product row and its children, and the
 * tombstone a hard delete leaves (so windows and catch-ups see deletes). A child row's change or
 * delete also bumps the product row (its version, and so its update_ts).
 */
export const productChangeTables: CatalogTable[] = [
  catalogTables.products,
  catalogTables.productOptions,
  catalogTables.productImages,
  catalogTables.productTags,
  productTombstones,
];

/** Every catalogue table, in creation order (no foreign keys, so the order is for readers only). */
export const allCatalogTables: CatalogTable[] = Object.values(catalogTables);

/** The trigger function every PostgreSQL table shares. */
export const touchFunctionName = 'keel_touch_update_ts';

/** Index names are capped at 63 (PostgreSQL) and 64 (MySQL) characters. */
export function updateTsIndexName(table: string): string {
  return `idx_${table}_update_ts`.slice(0, 63);
}

export function touchTriggerName(table: string): string {
  return `${table}_touch_update_ts`.slice(0, 63);
}
