import type { Client, estypes } from '@elastic/elasticsearch';
import { backoffDelayMs, errorMessage } from '@keel/service-runtime';
import { classifyBulkItem, type BulkItemResponse } from './bulk-outcome';
import type { ProductDocument } from '@keel/product-index';
import type { IndexAction } from './product-document';

export interface FailedItem {
  id: number;
  reason: string;
  /**
   * Elasticsearch was busy or failing (429, 5xx) through every attempt: the document is fine, try
   * again later (the stream pauses its partition). False: refused for good (a 4xx such as a mapping
   * error); retrying cannot help, so it goes to the dead letters or is recorded as failed.
   */
  retryable: boolean;
}

export interface WriteSummary {
  written: number;
  deleted: number;
  stale: number;
  failed: FailedItem[];
  retries: number;
}

export const emptySummary = (): WriteSummary => ({
  written: 0,
  deleted: 0,
  stale: 0,
  failed: [],
  retries: 0,
});

export function addSummaries(into: WriteSummary, from: WriteSummary): WriteSummary {
  into.written += from.written;
  into.deleted += from.deleted;
  into.stale += from.stale;
  into.retries += from.retries;
  into.failed.push(...from.failed);
  return into;
}

export interface BulkWriterOptions {
  /** The write alias (or, during a rebuild, the new index itself). */
  index: string;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** `wait_for` makes the writes searchable before returning (tests, catch-up); default false. */
  refresh?: boolean | 'wait_for';
  /**
   * The target must be an alias (`require_alias`). The stream and the batch write through the write
   * alias: without this, a missing alias would make Elasticsearch create an index of that name and
   * the documents would go where no reader looks.
   */
  requireAlias?: boolean;
}

/** The whole `_bulk` request failed (node down, timeout): nothing is known written; the caller backs off. */
export class ElasticsearchUnavailable extends Error {
  constructor(cause: unknown) {
    super(`Elasticsearch bulk request failed: ${errorMessage(cause)}`);
    this.name = 'ElasticsearchUnavailable';
  }
}

/** The response fields `classifyBulkItem` and `describe` read; the rest of each item is left out. */
export const BULK_ITEM_FIELDS = ['items.*.status', 'items.*.error.type', 'items.*.error.reason'];

/**
 * Writes index actions with `_bulk` and external versions (`external_gte`): an equal version
 * rewrites (a child row deleted leaves the version unchanged), a lower one is rejected as stale.
 * Items that failed for a retryable reason are retried alone, with backoff; what still fails is
 * reported with its id and reason.
 */
export class ProductBulkWriter {
  /** Until when the write alias was last seen to exist (a delete needs it checked, see `send`). */
  private aliasSeenUntil = 0;

  constructor(
    private readonly client: Client,
    private readonly options: BulkWriterOptions,
  ) {}

  async write(actions: readonly IndexAction[]): Promise<WriteSummary> {
    const summary = emptySummary();
    const maxAttempts = this.options.maxAttempts ?? 5;
    let pending = [...actions];
    for (let attempt = 1; pending.length > 0; attempt++) {
      const retry: IndexAction[] = [];
      const items = await this.send(pending);
      items.forEach((item, i) => {
        const action = pending[i];
        const outcome = classifyBulkItem(action.kind === 'delete' ? 'delete' : 'index', item);
        if (outcome === 'written') summary.written++;
        else if (outcome === 'deleted') summary.deleted++;
        else if (outcome === 'stale') summary.stale++;
        else if (outcome === 'retry' && attempt < maxAttempts) retry.push(action);
        else
          summary.failed.push({
            id: action.id,
            reason: describe(item, attempt),
            retryable: outcome === 'retry',
          });
      });
      pending = retry;
      if (pending.length > 0) {
        summary.retries += pending.length;
        // full jitter: anywhere from nothing to the whole delay
        const waitMs = backoffDelayMs(attempt, {
          baseMs: this.options.backoffBaseMs ?? 200,
          maxMs: this.options.backoffMaxMs ?? 5_000,
          jitter: 1,
        });
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
    return summary;
  }

  private async send(actions: readonly IndexAction[]): Promise<BulkItemResponse[]> {
    // `require_alias` guards index actions only: a delete to a missing alias makes Elasticsearch
    // create an empty index of the alias's name, which then blocks the rebuild's alias swap. So with
    // a delete in the request the alias is checked first (remembered for 5 s: it moves atomically on a
    // swap and is never removed); when missing, the whole request fails as an index action would.
    if (
      this.options.requireAlias &&
      Date.now() >= this.aliasSeenUntil &&
      actions.some((action) => action.kind === 'delete')
    ) {
      let exists: boolean;
      try {
        exists = await this.client.indices.existsAlias({ name: this.options.index });
      } catch (error) {
        throw new ElasticsearchUnavailable(error);
      }
      if (!exists) {
        const error = {
          type: 'index_not_found_exception',
          reason: `no such index [${this.options.index}] and [require_alias] request flag is [true] and [${this.options.index}] is not an alias`,
        };
        return actions.map(() => ({ status: 404, result: undefined, error }));
      }
      this.aliasSeenUntil = Date.now() + 5_000;
    }
    const operations = actions.flatMap((action): (estypes.BulkOperationContainer | ProductDocument)[] =>
      action.kind === 'delete'
        ? [
            {
              delete: {
                _index: this.options.index,
                _id: String(action.id),
                version: action.version,
                version_type: 'external_gte' as const,
              },
            },
          ]
        : [
            {
              index: {
                _index: this.options.index,
                _id: String(action.id),
                version: action.version,
                version_type: 'external_gte' as const,
              },
            },
            action.document,
          ],
    );
    let response;
    try {
      response = await this.client.bulk({
        operations,
        refresh: this.options.refresh ?? false,
        require_alias: this.options.requireAlias ?? false,
        // only what an item's outcome is read from: a few bytes per item instead of ~200, less for
        // Elasticsearch to write and for this process to parse (a request holds up to 5000 items)
        filter_path: BULK_ITEM_FIELDS,
      });
    } catch (error) {
      throw new ElasticsearchUnavailable(error);
    }
    // one item per action, in order (a response without them would misattribute every outcome)
    if (response.items?.length !== actions.length)
      throw new ElasticsearchUnavailable(
        new Error(`_bulk answered ${response.items?.length ?? 'no'} items for ${actions.length} actions`),
      );
    return response.items.map((entry) => {
      const item = entry.index ?? entry.delete ?? entry.create ?? entry.update;
      return { status: item?.status ?? 500, result: item?.result, error: item?.error ?? null };
    });
  }
}

function describe(item: BulkItemResponse, attempts: number): string {
  const what = item.error ? `${item.error.type}: ${item.error.reason ?? ''}`.trim() : `status ${item.status}`;
  return `${what} (HTTP ${item.status}, after ${attempts} attempt${attempts === 1 ? '' : 's'})`;
}
