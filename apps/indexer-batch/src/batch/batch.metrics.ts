import { counter, gauge, histogram } from '@keel/service-runtime';

/** Windows finished, by status (succeeded, failed). */
export const windowsTotal = counter<'status'>({
  name: 'keel_batch_windows_total',
  help: 'Batch windows finished, by status',
  labelNames: ['status'],
});

/** Products a window could not index for good (recorded in batch_history.refused; the window succeeded). */
export const refusedIds = counter({
  name: 'keel_batch_refused_ids_total',
  help: 'Products a batch window could not index for good (4xx or rows that fail on their own)',
});

/** End of the latest successful window (shop DB clock): alert when it falls behind. */
export const lastSuccessWindowEnd = gauge({
  name: 'keel_batch_last_success_window_end_seconds',
  help: 'End of the latest successful batch window, unix seconds',
});

export const windowIds = histogram({
  name: 'keel_batch_window_ids',
  help: 'Product ids changed in one batch window',
  buckets: [0, 10, 100, 1_000, 10_000, 100_000, 1_000_000],
});

/** Age of the open shop-DB transaction holding the windows' end back (0: none), DB clock. */
export const holdTransactionAge = gauge({
  name: 'keel_batch_hold_transaction_age_seconds',
  help: 'Age of the oldest open shop-DB transaction holding the batch window end back (0: none)',
});

/** Ticks whose window end was held back, and transactions passed after the maximum hold. */
export const holdsTotal = counter<'outcome'>({
  name: 'keel_batch_holds_total',
  help: 'Batch ticks held by an open transaction (held), and transactions passed after the maximum hold (passed)',
  labelNames: ['outcome'],
});

/** Parent rows (shops, categories, tags) changed in windows, and the product ids they expanded to. */
export const fanOutTotal = counter<'what'>({
  name: 'keel_batch_fan_out_total',
  help: 'Parent fan-out of batch windows: parents seen, products expanded',
  labelNames: ['what'],
});
