/**
 * @keel/catalog: the shop DB that Keel indexes. Entities and hand-written migrations (MySQL/MariaDB
 * and PostgreSQL) in which every table's `update_ts` is kept by the database itself, the `ShopCatalog`
 * read API the indexers use (one `WHERE id IN (…)` per table, and a keyset change feed), the schema
 * doctor that checks an existing shop DB for that guarantee, and a deterministic seeder.
 */
export * from './lib/entities/catalog.entities';
export { bigintId, toSafeId } from './lib/entities/bigint-id.transformer';
export * from './lib/migrations/catalog-migrations';
export {
  allCatalogTables,
  catalogTables,
  productChangeTables,
  productTombstones,
  touchFunctionName,
} from './lib/schema/catalog-tables';
export type { CatalogTable } from './lib/schema/catalog-tables';
export * from './lib/read/catalog-rows';
export { CatalogReader, ShopCatalog, maxIdsPerSelect, type ProductIdSpan } from './lib/read/shop-catalog';
export {
  raiseVersionFloorSql,
  rowVersionDdl,
  rowVersionFunctions,
  rowVersionTriggersOf,
  tombstoneTable,
  versionFloorTable,
  versionedChildTables,
  versionedParentTables,
  versionedTables,
} from './lib/schema/row-version-ddl';
export { withCatalogSession } from './lib/read/catalog-session';
export * from './lib/read/parent-fan-out';
export * from './lib/read/open-transactions';
export type { CatalogQuery } from './lib/read/catalog-session';
export * from './lib/schema-doctor/schema-findings';
export { diagnoseSchema, diagnoseTable, diagnoseVersions } from './lib/schema-doctor/schema-diagnosis';
export { fixScript, fixSql } from './lib/schema-doctor/schema-fix';
export { examineSchema, inspectTables, inspectVersions } from './lib/schema-doctor/schema-inspector';
export type { InspectOptions } from './lib/schema-doctor/schema-inspector';
export { CatalogNotEmpty, seedCatalog } from './lib/seed/seed-catalog';
export { backdateCatalog, backdatingOrder } from './lib/seed/backdate';
export type { SeedOptions, SeedProgress, SeedReport } from './lib/seed/seed-catalog';
export * from './lib/simulate/catalog-simulator';
export { FRESHNESS_CANARY_BRAND } from './lib/read/freshness-canary';
export { CLOSED_SHOP_STATUSES, SEARCHABLE_STATUSES, searchableProductSql } from './lib/read/searchable';
