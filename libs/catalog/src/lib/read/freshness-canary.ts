/**
 * The freshness probe's canary product (indexer-batch `src/freshness/`) is a real product row whose
 * `brand` is this marker: it goes through the whole write path like any product, and product search
 * excludes every document and row carrying it (the ES filter and the JOIN equivalent).
 */
export const FRESHNESS_CANARY_BRAND = 'keel-freshness-canary';
