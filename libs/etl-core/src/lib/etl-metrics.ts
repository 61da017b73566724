import { counter, histogram } from '@keel/service-runtime';

/** Documents by outcome: written, deleted, stale (a late write Elasticsearch rejected), failed. */
export const documentsTotal = counter<'outcome' | 'source'>({
  name: 'keel_etl_documents_total',
  help: 'Documents handled by the ETL core, by outcome and by the indexer that asked',
  labelNames: ['outcome', 'source'],
});

export const bulkSeconds = histogram<'source'>({
  name: 'keel_etl_bulk_seconds',
  help: 'Time to load one batch by ID and write it with _bulk',
  labelNames: ['source'],
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
