/**
 * @keel/product-search: the product search read path. A validated query model (text, filters, sort,
 * cursor), the Elasticsearch request built from it by a pure function (ids only, `search_after`),
 * hydration of the rows by id from the shop DB in the search's order (dropping and counting ids the
 * DB no longer has), and the join-equivalence checks that prove it answers what the old JOIN
 * queries answered.
 */
export * from './lib/search-query';
export * from './lib/search-cursor';
export * from './lib/search-request';
export * from './lib/search-metrics';
export * from './lib/product-searcher';
export * from './lib/join-sql';
export * from './lib/join-questions';
export * from './lib/join-equivalence';
