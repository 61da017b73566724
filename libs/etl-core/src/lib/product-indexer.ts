import type { Client } from '@elastic/elasticsearch';
import type { ShopCatalog } from '@keel/catalog';
import { loadCatalogRows } from './catalog-rows.loader';
import { bulkSeconds, documentsTotal } from './etl-metrics';
import { planIndexActions, type IndexAction } from './product-document';
import {
  ProductBulkWriter,
  addSummaries,
  emptySummary,
  type BulkWriterOptions,
  type WriteSummary,
} from './product-bulk.writer';

export interface ProductIndexerOptions extends BulkWriterOptions {
  /** Ids per load-and-bulk round trip. */
  batchSize?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  /** Which indexer asked, for metrics: stream, batch, recovery. */
  source: string;
  /**
   * Delete documents of ids the DB does not have. True for the stream and batch; a rebuild into an
   * empty index has nothing to delete and skips those writes.
   */
  deleteMissing?: boolean;
}

export interface IndexSummary extends WriteSummary {
  ids: number;
}

/** The failures retrying cannot fix: what a batch window records as failed instead of failing itself. */
export const permanentFailures = (summary: WriteSummary) => summary.failed.filter((f) => !f.retryable);
/** The failures that a later attempt may fix (Elasticsearch busy or failing). */
export const retryableFailures = (summary: WriteSummary) => summary.failed.filter((f) => f.retryable);

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

  /** `onBatch` runs after each load-and-bulk round trip (the stream heartbeats its consumer there). */
  async index(
    ids: readonly number[],
    progress: { onBatch?: () => Promise<void> | void } = {},
  ): Promise<IndexSummary> {
    const unique = [...new Set(ids)];
    const batchSize = this.options.batchSize ?? 500;
    const batches: number[][] = [];
    for (let i = 0; i < unique.length; i += batchSize) batches.push(unique.slice(i, i + batchSize));

    const total = emptySummary();
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        addSummaries(total, await this.indexBatch(batch));
        await progress.onBatch?.();
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency ?? 2, batches.length) }, worker),
    );
    return { ...total, ids: unique.length };
  }

  /** The actions for ids without writing them (verify and tests compare against these). */
  async plan(ids: readonly number[]): Promise<IndexAction[]> {
    const rows = await loadCatalogRows(this.catalog, ids);
    return planIndexActions(ids, rows);
  }

  private async indexBatch(ids: number[]): Promise<WriteSummary> {
    const timer = bulkSeconds.startTimer({ source: this.options.source });
    let actions = await this.plan(ids);
    if (this.options.deleteMissing === false) {
      actions = actions.filter((a) => !(a.kind === 'delete' && a.reason === 'missing'));
    }
    const summary = actions.length > 0 ? await this.writer.write(actions) : emptySummary();
    timer();
    const source = this.options.source;
    documentsTotal.inc({ outcome: 'written', source }, summary.written);
    documentsTotal.inc({ outcome: 'deleted', source }, summary.deleted);
    documentsTotal.inc({ outcome: 'stale', source }, summary.stale);
    documentsTotal.inc({ outcome: 'failed', source }, summary.failed.length);
    return summary;
  }
}
