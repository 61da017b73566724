import { counter, gauge } from '@keel/service-runtime';

export const supervisorMetrics = {
  restarts: () =>
    counter({
      name: 'supervisor_restarts_total',
      help: 'Restart commands run, per job',
      labelNames: ['job'],
    }),
  liveInstances: () =>
    gauge({
      name: 'supervisor_live_instances',
      help: 'Live instances per expected job',
      labelNames: ['job'],
    }),
  isLeader: () =>
    gauge({ name: 'supervisor_is_leader', help: '1 while this supervisor is the elected leader' }),
};
