/**
 * @keel/es-alias: the Elasticsearch side of indexing, for any document: the client module and its
 * readiness probe, `<alias>-<UTC stamp>` index names, and the alias lifecycle. Services only ever read
 * aliases; a rebuild writes a new index and swaps the read and write aliases in one `_aliases` call,
 * keeping the previous index for rollback. What the product document is (type, mapping, field and
 * alias names) lives in @keel/product-index.
 */
export * from './lib/elasticsearch-client';
export * from './lib/index-name';
export * from './lib/alias-swap';
export * from './lib/elasticsearch.module';
export * from './lib/index-lifecycle';
