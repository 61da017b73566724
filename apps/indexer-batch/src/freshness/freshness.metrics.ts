import { metricsRegistry } from '@keel/service-runtime';
import { Counter, Gauge, Histogram } from 'prom-client';

const existing = <T>(name: string) => metricsRegistry.getSingleMetric(name) as T | undefined;

/** Commit of the canary change to its new state being searchable through the read alias. */
export const indexFreshnessSeconds =
  existing<Histogram>('keel_index_freshness_seconds') ??
  new Histogram({
    name: 'keel_index_freshness_seconds',
    help: 'Freshness probe: seconds from the canary commit to the change being searchable (read alias)',
    buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60],
    registers: [metricsRegistry],
  });

export const indexFreshnessLastSeconds =
  existing<Gauge>('keel_index_freshness_last_seconds') ??
  new Gauge({
    name: 'keel_index_freshness_last_seconds',
    help: 'Freshness of the latest canary that became searchable, seconds',
    registers: [metricsRegistry],
  });

/** When the latest canary became searchable (unix s): alert when it gets old (KeelCanaryStale). */
export const indexFreshnessLastSuccess =
  existing<Gauge>('keel_index_freshness_last_success_seconds') ??
  new Gauge({
    name: 'keel_index_freshness_last_success_seconds',
    help: 'When the latest canary became searchable, unix seconds',
    registers: [metricsRegistry],
  });

/** Probes by outcome: searchable, timeout (not searchable within FRESHNESS_TIMEOUT_MS), error. */
export const indexFreshnessProbesTotal =
  existing<Counter<'outcome'>>('keel_index_freshness_probes_total') ??
  new Counter({
    name: 'keel_index_freshness_probes_total',
    help: 'Freshness probes by outcome (searchable, timeout, error)',
    labelNames: ['outcome'],
    registers: [metricsRegistry],
  });
