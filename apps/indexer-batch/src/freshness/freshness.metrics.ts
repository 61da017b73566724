import { counter, gauge, histogram } from '@keel/service-runtime';

/** Commit of the canary change to its new state being searchable through the read alias. */
export const indexFreshnessSeconds = histogram({
  name: 'keel_index_freshness_seconds',
  help: 'Freshness probe: seconds from the canary commit to the change being searchable (read alias)',
  buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60],
});

export const indexFreshnessLastSeconds = gauge({
  name: 'keel_index_freshness_last_seconds',
  help: 'Freshness of the latest canary that became searchable, seconds',
});

/** When the latest canary became searchable (unix s): alert when it gets old (KeelCanaryStale). */
export const indexFreshnessLastSuccess = gauge({
  name: 'keel_index_freshness_last_success_seconds',
  help: 'When the latest canary became searchable, unix seconds',
});

/** Probes by outcome: searchable, timeout (not searchable within FRESHNESS_TIMEOUT_MS), error. */
export const indexFreshnessProbesTotal = counter<'outcome'>({
  name: 'keel_index_freshness_probes_total',
  help: 'Freshness probes by outcome (searchable, timeout, error)',
  labelNames: ['outcome'],
});
