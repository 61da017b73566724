import { metricsRegistry } from '@keel/service-runtime';
import { Counter, Gauge } from 'prom-client';

const existing = <T>(name: string) => metricsRegistry.getSingleMetric(name) as T | undefined;

/** Documents the repairer fixed, by cause (missing, deleted, not-searchable, stale-version, stale-fields). */
export const repairFixesTotal =
  existing<Counter<'cause'>>('keel_repair_fixes_total') ??
  new Counter({
    name: 'keel_repair_fixes_total',
    help: 'Documents the continuous repairer fixed, by cause',
    labelNames: ['cause'],
    registers: [metricsRegistry],
  });

/** Ranges compared, by result: clean (digests equal) or differing (ids listed and compared). */
export const repairRangesTotal =
  existing<Counter<'result'>>('keel_repair_ranges_total') ??
  new Counter({
    name: 'keel_repair_ranges_total',
    help: 'Id ranges the repairer compared, by result (clean, differing)',
    labelNames: ['result'],
    registers: [metricsRegistry],
  });

export const repairProductsChecked =
  existing<Counter>('keel_repair_products_checked_total') ??
  new Counter({
    name: 'keel_repair_products_checked_total',
    help: 'Product ids the repairer compared',
    registers: [metricsRegistry],
  });

/** When the latest cycle finished (unix s): alert when it falls behind the cycle time. */
export const repairLastCycleEnd =
  existing<Gauge>('keel_repair_last_cycle_end_seconds') ??
  new Gauge({
    name: 'keel_repair_last_cycle_end_seconds',
    help: 'End of the latest finished repair cycle, unix seconds',
    registers: [metricsRegistry],
  });
