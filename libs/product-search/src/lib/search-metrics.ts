import { counter, histogram } from '@keel/service-runtime';

/**
 * Hits the index returned that the shop DB no longer serves (`missing`: no row; `not-searchable`: the
 * row is hidden or deleted): dropped from the page, never returned empty. A steady rate means the
 * indexers lag or miss deletes.
 */
export const searchDroppedTotal = counter<'reason'>({
  name: 'keel_product_search_dropped_total',
  help: 'Search hits dropped because the shop DB no longer has the product (or it is not searchable)',
  labelNames: ['reason'],
});

export const searchSeconds = histogram<'phase'>({
  name: 'keel_product_search_seconds',
  help: 'Time of one search page, by phase: elasticsearch (ids) and hydrate (rows by id)',
  labelNames: ['phase'],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});
