import type { Client } from '@elastic/elasticsearch';
import type { ShopCatalog } from '@keel/catalog';
import { LatencyBulkSizer } from './bounded-pipeline';
import { loadCatalogRowsOfRange } from './catalog-rows.loader';
import { bulkSeconds, documentsTotal } from './etl-metrics';
import type { IdRange } from './id-range';
import { planIndexActions, type IndexAction } from './product-document';
import { ProductBulkWriter, emptySummary, type WriteSummary } from './product-bulk.writer';

/**
 * A rebuild into a new, empty index, range by range: the reads (`planRangeRebuild`) and the writes
 * (`RangeRebuildWriter`) are separate steps so that a pipeline can overlap them, and the writer puts
 * as many planned ranges into one `_bulk` request as measured latency says.
 */

/** The actions of one id range, planned from one snapshot. */
export interface PlannedRange {
  range: IdRange;
  actions: IndexAction[];
}

/** What one range's actions came to. */
export interface RangeOutcome {
  range: IdRange;
  written: number;
  deleted: number;
  stale: number;
}

/**
 * Loads the rows of every id in `range` (range scans, one snapshot) and plans their actions. The
 * index is new and empty, so ids the DB lacks need no delete and are left out.
 */
export async function planRangeRebuild(catalog: ShopCatalog, range: IdRange): Promise<PlannedRange> {
  const ids: number[] = [];
  for (let id = range.from; id <= range.to; id++) ids.push(id);
  const rows = await loadCatalogRowsOfRange(catalog, range);
  const actions = planIndexActions(ids, rows).filter((a) => !(a.kind === 'delete' && a.reason === 'missing'));
  return { range, actions };
}

/**
 * Splits one request's summary over the ranges it carried (pure). Exact when every action did what
 * it asked (upserts written, deletes deleted: the usual case in a new index); when some were stale
 * (another worker wrote the range with newer rows) the request's counts go to its first range, so
 * the run's totals stay right while the per-range figures are approximate.
 */
export function attributeOutcomes(planned: readonly PlannedRange[], summary: WriteSummary): RangeOutcome[] {
  const counts = planned.map((p) => {
    let deletes = 0;
    for (const a of p.actions) if (a.kind === 'delete') deletes++;
    return { range: p.range, written: p.actions.length - deletes, deleted: deletes, stale: 0 };
  });
  const upserts = counts.reduce((n, c) => n + c.written, 0);
  const deletes = counts.reduce((n, c) => n + c.deleted, 0);
  if (summary.written === upserts && summary.deleted === deletes && summary.stale === 0) return counts;
  return planned.map((p, i) =>
    i === 0
      ? { range: p.range, written: summary.written, deleted: summary.deleted, stale: summary.stale }
      : { range: p.range, written: 0, deleted: 0, stale: 0 },
  );
}

export interface RangeRebuildWriterOptions {
  /** The new index (concrete name: the aliases are not on it yet). */
  index: string;
  /** For metrics: which indexer asked. */
  source: string;
  /** Latency a bulk request aims at; the documents per request follow from it. */
  bulkTargetMs?: number;
  minBulkDocs?: number;
  maxBulkDocs?: number;
}

/** Writes planned ranges with `_bulk` (external versions), several ranges per request. */
export class RangeRebuildWriter {
  private readonly writer: ProductBulkWriter;
  private readonly sizer: LatencyBulkSizer;

  constructor(
    client: Client,
    private readonly options: RangeRebuildWriterOptions,
  ) {
    this.writer = new ProductBulkWriter(client, { index: options.index });
    const minDocs = options.minBulkDocs ?? 2000;
    this.sizer = new LatencyBulkSizer({
      targetMs: options.bulkTargetMs ?? 1000,
      minDocs,
      maxDocs: options.maxBulkDocs ?? 5000,
      startDocs: Math.max(minDocs, 1000),
    });
  }

  /** Documents the next request should carry (from measured latency). */
  get docsPerRequest(): number {
    return this.sizer.docs;
  }

  /** How many of the waiting planned ranges the next request takes (at least one). */
  rangesToTake(waiting: readonly PlannedRange[]): number {
    let docs = 0;
    let n = 0;
    for (const p of waiting) {
      if (n > 0 && docs + p.actions.length > this.sizer.docs) break;
      docs += p.actions.length;
      n++;
    }
    return Math.max(1, n);
  }

  async write(planned: readonly PlannedRange[]): Promise<{ summary: WriteSummary; ranges: RangeOutcome[] }> {
    const actions = planned.flatMap((p) => p.actions);
    const source = this.options.source;
    const timer = bulkSeconds.startTimer({ source });
    const started = performance.now();
    const summary = actions.length > 0 ? await this.writer.write(actions) : emptySummary();
    const elapsedMs = performance.now() - started;
    // items refused as busy (429) mean the request was too big for the node now, however fast it came back
    const targetMs = this.options.bulkTargetMs ?? 1000;
    if (actions.length > 0)
      this.sizer.observe(actions.length, summary.retries > 0 ? Math.max(elapsedMs, 2 * targetMs) : elapsedMs);
    timer();
    documentsTotal.inc({ outcome: 'written', source }, summary.written);
    documentsTotal.inc({ outcome: 'deleted', source }, summary.deleted);
    documentsTotal.inc({ outcome: 'stale', source }, summary.stale);
    documentsTotal.inc({ outcome: 'failed', source }, summary.failed.length);
    return { summary, ranges: attributeOutcomes(planned, summary) };
  }
}
