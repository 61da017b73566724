import { Injectable } from '@nestjs/common';

/** A dependency probe: resolves when the dependency answers, rejects with the reason when not. */
export type ReadinessProbe = () => Promise<Record<string, unknown> | void>;

/**
 * Where a service's parts register what must answer before it is ready (a DB, Kafka, Elasticsearch,
 * ZooKeeper). `/health` runs every probe; liveness (`/health/live`) never does, so a dependency
 * outage makes a pod unready instead of restarting it.
 */
@Injectable()
export class ReadinessRegistry {
  private readonly probes = new Map<string, ReadinessProbe>();

  register(name: string, probe: ReadinessProbe): void {
    if (this.probes.has(name)) throw new Error(`readiness probe "${name}" is already registered`);
    this.probes.set(name, probe);
  }

  entries(): [string, ReadinessProbe][] {
    return [...this.probes.entries()];
  }
}
