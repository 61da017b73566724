import { counter, histogram } from '@keel/service-runtime';

/** Reports by outcome: stored, duplicate (same reportId again: nothing changed). */
export const ingestedReports = counter<'status'>({
  name: 'keel_jdk_reports_total',
  help: 'Fleet reports ingested, by status (stored, duplicate)',
  labelNames: ['status'],
});

/** Reports refused, by where they came from (http: 400, kafka: dead-lettered). */
export const refusedReports = counter<'source'>({
  name: 'keel_jdk_reports_refused_total',
  help: 'Fleet reports refused as invalid, by source (http answered 400, kafka sent to the DLQ)',
  labelNames: ['source'],
});

export const ingestSeconds = histogram({
  name: 'keel_jdk_ingest_batch_seconds',
  help: 'Time to derive and write one batch of reports (one transaction)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});
