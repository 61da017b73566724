import type { Client } from '@elastic/elasticsearch';
import type { ProductChangePublisher } from '@keel/kafka-bus';
import type { FreshnessCanary } from './freshness-canary';
import {
  indexFreshnessLastSeconds,
  indexFreshnessLastSuccess,
  indexFreshnessProbesTotal,
  indexFreshnessSeconds,
} from './freshness.metrics';
import { FreshnessRecord, type FreshnessSample } from './freshness-record';

export interface FreshnessProbeSettings {
  /** Readers' alias: the canary counts as searchable once a search there returns its new state. */
  readAlias: string;
  /** Give up on one canary after this long (counted as `timeout`, not observed). */
  timeoutMs: number;
  /** Time between two searches while waiting. */
  pollMs: number;
}

/** The canary was not searchable in time. */
export class FreshnessTimeout extends Error {
  constructor(productId: number, timeoutMs: number) {
    super(`freshness canary ${productId} not searchable through its read alias within ${timeoutMs} ms`);
    this.name = 'FreshnessTimeout';
  }
}

/**
 * One probe: commit a new state to the canary row (shop DB), publish its id on the change topic (the
 * publisher every writer uses), then search the read alias until the document carries that state.
 * Commit-to-searchable goes to `keel_index_freshness_seconds` and the last hour's record.
 */
export class FreshnessProbeService {
  readonly record = new FreshnessRecord();
  private sequence = 0;

  constructor(
    private readonly canary: FreshnessCanary,
    private readonly publisher: ProductChangePublisher,
    private readonly client: Client,
    readonly settings: FreshnessProbeSettings,
  ) {}

  async probe(signal?: AbortSignal): Promise<FreshnessSample & { productId: number }> {
    try {
      const sample = await this.measure(signal);
      indexFreshnessSeconds.observe(sample.seconds);
      indexFreshnessLastSeconds.set(sample.seconds);
      indexFreshnessLastSuccess.set(Date.now() / 1000);
      indexFreshnessProbesTotal.inc({ outcome: 'searchable' });
      this.record.add({ committedAtMs: sample.committedAtMs, seconds: sample.seconds });
      return sample;
    } catch (error) {
      indexFreshnessProbesTotal.inc({ outcome: error instanceof FreshnessTimeout ? 'timeout' : 'error' });
      throw error;
    }
  }

  private async measure(signal?: AbortSignal): Promise<FreshnessSample & { productId: number }> {
    // unique across restarts and instances: the wall clock plus a counter
    const state = `canary ${Date.now()}-${process.pid}-${++this.sequence}`;
    const productId = await this.canary.bump(state);
    const committed = performance.now();
    const committedAtMs = Date.now();
    await this.publisher.publish([productId]);
    const deadline = committed + this.settings.timeoutMs;
    while (!signal?.aborted) {
      if (await this.searchable(productId, state)) {
        return { productId, committedAtMs, seconds: (performance.now() - committed) / 1000 };
      }
      if (performance.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, this.settings.pollMs));
    }
    if (signal?.aborted) throw new Error('freshness probe stopped before its canary was searchable');
    throw new FreshnessTimeout(productId, this.settings.timeoutMs);
  }

  private async searchable(productId: number, state: string): Promise<boolean> {
    const response = await this.client.search<{ description?: string }>({
      index: this.settings.readAlias,
      size: 1,
      query: { ids: { values: [String(productId)] } },
      _source: ['description'],
    });
    return response.hits.hits[0]?._source?.description === state;
  }
}
