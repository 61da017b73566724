import { Counter, Gauge, Histogram } from 'prom-client';
import { counter, gauge, histogram } from './metric-registration';
import { metricsRegistry } from './metrics';

describe('metric registration', () => {
  afterEach(() => {
    for (const name of ['spec_counter_total', 'spec_gauge', 'spec_histogram_seconds', 'spec_kind_clash']) {
      metricsRegistry.removeSingleMetric(name);
    }
  });

  it('registers a counter on metricsRegistry once and hands the same one back', () => {
    const first = counter({ name: 'spec_counter_total', help: 'h', labelNames: ['outcome'] });
    const second = counter({ name: 'spec_counter_total', help: 'h', labelNames: ['outcome'] });
    expect(first).toBeInstanceOf(Counter);
    expect(second).toBe(first);
    expect(metricsRegistry.getSingleMetric('spec_counter_total')).toBe(first);
  });

  it('does the same for gauges and histograms, keeping their settings', async () => {
    const g = gauge({ name: 'spec_gauge', help: 'h' });
    const h = histogram({ name: 'spec_histogram_seconds', help: 'h', buckets: [1, 2] });
    expect(gauge({ name: 'spec_gauge', help: 'h' })).toBe(g);
    expect(histogram({ name: 'spec_histogram_seconds', help: 'h', buckets: [1, 2] })).toBe(h);
    expect(g).toBeInstanceOf(Gauge);
    expect(h).toBeInstanceOf(Histogram);
    h.observe(1.5);
    expect(await metricsRegistry.getSingleMetricAsString('spec_histogram_seconds')).toContain(
      'spec_histogram_seconds_bucket{le="2"} 1',
    );
  });

  it('refuses a name already taken by a metric of another kind', () => {
    counter({ name: 'spec_kind_clash', help: 'h' });
    expect(() => gauge({ name: 'spec_kind_clash', help: 'h' })).toThrow(
      /spec_kind_clash .* Counter, not a Gauge/,
    );
  });
});
