/**
 * @keel/etl-core: IDs in, documents out. Loads rows by ID only (one `WHERE id IN (…)` per table, no
 * JOINs), plans each product's document with a pure builder, and bulk-writes with external versions
 * taken from the rows, so the order of events never matters. Also the verifier that compares the DB
 * and the index over an id range.
 */
export * from './lib/product-document';
export * from './lib/catalog-rows.loader';
export * from './lib/bulk-outcome';
export * from './lib/product-bulk.writer';
export * from './lib/product-indexer';
export * from './lib/id-range';
export * from './lib/index-comparison';
export * from './lib/index-verifier';
export * from './lib/range-digest';
export * from './lib/bounded-pipeline';
export * from './lib/range-rebuild';
