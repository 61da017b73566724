import type { Client } from '@elastic/elasticsearch';
import type { ShopCatalog } from '@keel/catalog';
import { loadCatalogRows } from './catalog-rows.loader';
import { runPipeline } from './batch-pipeline';
import { bulkSeconds, documentsTotal } from './etl-metrics';
import { planIndexActions, type IndexAction } from './product-document';
import {
  ElasticsearchUnavailable,
  ProductBulkWriter,
  addSummaries,
  emptySummary,
  type BulkWriterOptions,
  type WriteSummary,
} from './product-bulk.writer';

export interface ProductIndexerOptions extends BulkWriterOptions {
  /** Ids per load-and-bulk round trip. */
  batchSize?: number;
  /** Loads in flight at once, and bulks in flight at once (loads of later batches overlap bulks). */
  concurrency?: number;
  /** Which indexer asked, for metrics: stream, batch, recovery. */
  source: string;
  /**
   * Delete documents of ids the DB does not have. True for the stream and batch; a rebuild into an
   * empty index has nothing to delete and skips those writes.
   */
  deleteMissing?: boolean;
}

/** Where `ProductIndexer.index` spends its time: `load` (read by id, plan) and `bulk` (`_bulk`). */
export type IndexStage = 'load' | 'bulk';

export interface IndexProgress {
  /** After each batch's bulk, with the batch's ids. */
  onBatch?: (ids: readonly number[]) => Promise<void> | void;
  onStage?: (stage: IndexStage, seconds: number, ids: number) => void;
}

export interface IndexSummary extends WriteSummary {
  ids: number;
}

/** The failures retrying cannot fix: what a batch window records as failed instead of failing itself. */
export const permanentFailures = (summary: WriteSummary) => summary.failed.filter((f) => !f.retryable);
/** The failures that a later attempt may fix (Elasticsearch busy or failing). */
export const retryableFailures = (summary: WriteSummary) => summary.failed.filter((f) => f.retryable);

/** An id whose rows cannot be indexed while the DB and Elasticsearch answer (bad data, not an outage). */
export interface PoisonedId {
  id: number;
  error: Error;
}

export interface IsolatingOptions {
  /** Resolves when the shop DB and Elasticsearch answer; rejects during an outage. */
  dependenciesUp: () => Promise<void>;
}

/**
 * Runs `index` (e.g. `ProductIndexer.index`) over the ids; when it throws while the DB and
 * Elasticsearch answer, the error is about the data: the ids are split in halves and each indexed
 * again, down to the single ids that still throw (returned as poisoned, for the stream's dead
 * letters or the batch's record), so one bad row never holds back the others. An outage
 * (`ElasticsearchUnavailable`, or `dependenciesUp` rejecting) rethrows: the caller pauses and
 * retries everything.
 */
export async function indexIsolating(
  index: (ids: readonly number[]) => Promise<IndexSummary>,
  ids: readonly number[],
  options: IsolatingOptions,
): Promise<{ summary: IndexSummary; poisoned: PoisonedId[] }> {
  try {
    return { summary: await index(ids), poisoned: [] };
  } catch (error) {
    if (error instanceof ElasticsearchUnavailable) throw error;
    await options.dependenciesUp().catch(() => {
      throw error;
    });
    const cause = error instanceof Error ? error : new Error(String(error));
    if (ids.length === 1)
      return { summary: { ...emptySummary(), ids: 1 }, poisoned: [{ id: ids[0] as number, error: cause }] };
    const half = Math.ceil(ids.length / 2);
    const first = await indexIsolating(index, ids.slice(0, half), options);
    const second = await indexIsolating(index, ids.slice(half), options);
    const summary = addSummaries({ ...first.summary }, second.summary) as IndexSummary;
    summary.ids = first.summary.ids + second.summary.ids;
    return { summary, poisoned: [...first.poisoned, ...second.poisoned] };
  }
}

/** IDs in, documents out: load by ID, plan each document, bulk-write with external versions. */
export class ProductIndexer {
  private readonly writer: ProductBulkWriter;

  constructor(
    private readonly catalog: ShopCatalog,
    client: Client,
    private readonly options: ProductIndexerOptions,
  ) {
    this.writer = new ProductBulkWriter(client, options);
  }

  /**
   * Loads and writes the ids in batches of `batchSize`, pipelined: the next batches are read while
   * earlier ones are written (up to `concurrency` loads and `concurrency` bulks in flight).
   * `onBatch` runs after each batch's bulk (the stream heartbeats its consumer there); `onStage`
   * gets the seconds each load (DB snapshot read and document planning) and each bulk took.
   */
  async index(ids: readonly number[], progress: IndexProgress = {}): Promise<IndexSummary> {
    const unique = [...new Set(ids)];
    const batchSize = this.options.batchSize ?? 500;
    const batches: number[][] = [];
    for (let i = 0; i < unique.length; i += batchSize) batches.push(unique.slice(i, i + batchSize));

    const total = emptySummary();
    await runPipeline(
      batches,
      async (batch) => {
        const started = process.hrtime.bigint();
        const actions = await this.actionsFor(batch);
        progress.onStage?.('load', secondsSince(started), batch.length);
        return actions;
      },
      async (actions, batch) => {
        const started = process.hrtime.bigint();
        addSummaries(total, await this.write(actions));
        progress.onStage?.('bulk', secondsSince(started), batch.length);
        await progress.onBatch?.(batch);
      },
      { concurrency: this.options.concurrency ?? 2 },
    );
    return { ...total, ids: unique.length };
  }

  /** The actions for ids without writing them (verify and tests compare against these). */
  async plan(ids: readonly number[]): Promise<IndexAction[]> {
    const rows = await loadCatalogRows(this.catalog, ids);
    return planIndexActions(ids, rows);
  }

  private async actionsFor(ids: number[]): Promise<IndexAction[]> {
    const actions = await this.plan(ids);
    return this.options.deleteMissing === false
      ? actions.filter((a) => !(a.kind === 'delete' && a.reason === 'missing'))
      : actions;
  }

  private async write(actions: IndexAction[]): Promise<WriteSummary> {
    if (actions.length === 0) return emptySummary();
    const timer = bulkSeconds.startTimer({ source: this.options.source });
    const summary = await this.writer.write(actions);
    timer();
    const source = this.options.source;
    documentsTotal.inc({ outcome: 'written', source }, summary.written);
    documentsTotal.inc({ outcome: 'deleted', source }, summary.deleted);
    documentsTotal.inc({ outcome: 'stale', source }, summary.stale);
    documentsTotal.inc({ outcome: 'failed', source }, summary.failed.length);
    return summary;
  }
}

const secondsSince = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;
