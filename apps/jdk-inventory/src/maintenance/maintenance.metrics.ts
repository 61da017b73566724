import { counter } from '@keel/service-runtime';

export const staleHostsMarked = counter({
  name: 'keel_jdk_hosts_aged_out_total',
  help: 'Hosts marked stale by the sweep (not seen for STALE_AFTER_DAYS)',
});
