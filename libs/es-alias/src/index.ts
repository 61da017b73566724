/**
 * @keel/es-alias: the Elasticsearch side of indexing. Services only ever read aliases; a rebuild
 * writes a new `<alias>-<UTC stamp>` index and swaps the read and write aliases in one `_aliases`
 * call, keeping the previous index for rollback.
 */
export * from './lib/elasticsearch-client';
export * from './lib/index-name';
export * from './lib/alias-swap';
export * from './lib/elasticsearch.module';
export * from './lib/product-index';
export * from './lib/index-lifecycle';
