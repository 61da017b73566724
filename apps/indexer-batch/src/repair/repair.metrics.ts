import { counter, gauge } from '@keel/service-runtime';

/** Documents the repairer fixed, by cause (missing, deleted, not-searchable, stale-version, stale-fields). */
export const repairFixesTotal = counter<'cause'>({
  name: 'keel_repair_fixes_total',
  help: 'Documents the continuous repairer fixed, by cause',
  labelNames: ['cause'],
});

/** Ranges compared, by result: clean (digests equal) or differing (ids listed and compared). */
export const repairRangesTotal = counter<'result'>({
  name: 'keel_repair_ranges_total',
  help: 'Id ranges the repairer compared, by result (clean, differing)',
  labelNames: ['result'],
});

export const repairProductsChecked = counter({
  name: 'keel_repair_products_checked_total',
  help: 'Product ids the repairer compared',
});

/** When the latest cycle finished (unix s): alert when it falls behind the cycle time. */
export const repairLastCycleEnd = gauge({
  name: 'keel_repair_last_cycle_end_seconds',
  help: 'End of the latest finished repair cycle, unix seconds',
});
