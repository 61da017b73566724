/**
 * @keel/product-index: what the product search index is. The document type the ETL core builds, the
 * mapping it is stored under (`dynamic: strict`), the typed field names product search queries by, and
 * the read/write alias names it is served under. One home, so a field is renamed in one place and tsc
 * finds every use. The generic Elasticsearch client and alias lifecycle are @keel/es-alias.
 */
export * from './lib/product-document';
export * from './lib/product-fields';
export * from './lib/product-mapping';
export * from './lib/product-aliases';
