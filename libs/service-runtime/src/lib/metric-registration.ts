import {
  Counter,
  Gauge,
  Histogram,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { metricsRegistry } from './metrics';

/** A metric's settings without `registers`: every Keel metric lives on `metricsRegistry`. */
export type MetricSpec<C> = Omit<C, 'registers'>;

type MetricClass<M> = new (config: never) => M;

// One metric per name per process: a second Nest app in the same process (tests build several)
// gets the one already registered instead of prom-client's "already registered" error. A name
// taken by a metric of another kind is a programming error, so it throws rather than casting.
function registered<M>(kind: MetricClass<M>, name: string, create: () => M): M {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing === undefined) return create();
  if (!(existing instanceof kind)) {
    throw new Error(
      `metric ${name} is already registered as a ${existing.constructor.name}, not a ${kind.name}`,
    );
  }
  return existing;
}

/** The counter named `spec.name` on `metricsRegistry`, registered on first use. */
export function counter<L extends string = string>(spec: MetricSpec<CounterConfiguration<L>>): Counter<L> {
  return registered(
    Counter,
    spec.name,
    () => new Counter<L>({ ...spec, registers: [metricsRegistry] }),
  ) as Counter<L>;
}

/** The gauge named `spec.name` on `metricsRegistry`, registered on first use. */
export function gauge<L extends string = string>(spec: MetricSpec<GaugeConfiguration<L>>): Gauge<L> {
  return registered(
    Gauge,
    spec.name,
    () => new Gauge<L>({ ...spec, registers: [metricsRegistry] }),
  ) as Gauge<L>;
}

/** The histogram named `spec.name` on `metricsRegistry`, registered on first use. */
export function histogram<L extends string = string>(
  spec: MetricSpec<HistogramConfiguration<L>>,
): Histogram<L> {
  return registered(
    Histogram,
    spec.name,
    () => new Histogram<L>({ ...spec, registers: [metricsRegistry] }),
  ) as Histogram<L>;
}
