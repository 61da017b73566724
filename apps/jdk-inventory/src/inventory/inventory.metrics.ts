import { metricsRegistry } from '@keel/service-runtime';
import { Counter, Histogram } from 'prom-client';

// Registered once per process (tests build several services in one process).
const existing = <T>(name: string) => metricsRegistry.getSingleMetric(name) as T | undefined;

/** Reports by outcome: stored, duplicate (same reportId again: nothing changed). */
export const ingestedReports =
  existing<Counter<'status'>>('keel_jdk_reports_total') ??
  new Counter({
    name: 'keel_jdk_reports_total',
    help: 'Fleet reports ingested, by status (stored, duplicate)',
    labelNames: ['status'],
    registers: [metricsRegistry],
  });

/** Reports refused, by where they came from (http: 400, kafka: dead-lettered). */
export const refusedReports =
  existing<Counter<'source'>>('keel_jdk_reports_refused_total') ??
  new Counter({
    name: 'keel_jdk_reports_refused_total',
    help: 'Fleet reports refused as invalid, by source (http answered 400, kafka sent to the DLQ)',
    labelNames: ['source'],
    registers: [metricsRegistry],
  });

export const ingestSeconds =
  existing<Histogram>('keel_jdk_ingest_batch_seconds') ??
  new Histogram({
    name: 'keel_jdk_ingest_batch_seconds',
    help: 'Time to derive and write one batch of reports (one transaction)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  });

export const staleHostsMarked =
  existing<Counter>('keel_jdk_hosts_aged_out_total') ??
  new Counter({
    name: 'keel_jdk_hosts_aged_out_total',
    help: 'Hosts marked stale by the sweep (not seen for STALE_AFTER_DAYS)',
    registers: [metricsRegistry],
  });
