import { metricsRegistry } from '@keel/service-runtime';
import { Counter, Gauge } from 'prom-client';

// One set per process (a second Nest app in the same process, as in tests, reuses them).
function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (
    (metricsRegistry.getSingleMetric(name) as Counter<string> | undefined) ??
    new Counter({ name, help, labelNames, registers: [metricsRegistry] })
  );
}

function gauge(name: string, help: string, labelNames: string[] = []): Gauge<string> {
  return (
    (metricsRegistry.getSingleMetric(name) as Gauge<string> | undefined) ??
    new Gauge({ name, help, labelNames, registers: [metricsRegistry] })
  );
}

export const supervisorMetrics = {
  restarts: () => counter('supervisor_restarts_total', 'Restart commands run, per job', ['job']),
  liveInstances: () => gauge('supervisor_live_instances', 'Live instances per expected job', ['job']),
  isLeader: () => gauge('supervisor_is_leader', '1 while this supervisor is the elected leader'),
};
