import { metricsRegistry } from '@keel/service-runtime';
import { Counter, Histogram } from 'prom-client';

const existing = <T>(name: string) => metricsRegistry.getSingleMetric(name) as T | undefined;

/** Documents by outcome: written, deleted, stale (a late write Elasticsearch rejected), failed. */
export const documentsTotal =
  existing<Counter<'outcome' | 'source'>>('keel_etl_documents_total') ??
  new Counter({
    name: 'keel_etl_documents_total',
    help: 'Documents handled by the ETL core, by outcome and by the indexer that asked',
    labelNames: ['outcome', 'source'],
    registers: [metricsRegistry],
  });

export const bulkSeconds =
  existing<Histogram<'source'>>('keel_etl_bulk_seconds') ??
  new Histogram({
    name: 'keel_etl_bulk_seconds',
    help: 'Time to load one batch by ID and write it with _bulk',
    labelNames: ['source'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  });
