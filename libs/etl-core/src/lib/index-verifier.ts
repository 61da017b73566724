import type { Client } from '@elastic/elasticsearch';
import { idsOf, rangesTopDown, type IdRange } from './id-range';
import { compareWithIndex, type IndexedDocument, type RangeComparison } from './index-comparison';
import type { ProductDocument } from './product-document';
import type { ShopCatalog } from '@keel/catalog';
import { ProductIndexer } from './product-indexer';

export interface VerifyOptions {
  /** Index or alias to read. */
  index: string;
  /** Ids per comparison round (at most 10 000, Elasticsearch's default result window). */
  chunkSize?: number;
  /** Every n-th document is also compared field by field (1 = all). */
  sampleEvery?: number;
}

export interface VerifyReport extends RangeComparison {
  range: IdRange;
}

/**
 * Compares the DB and the index over an id range: missing, extra and stale documents. The DB side
 * is computed exactly as indexing computes it (`ProductIndexer.plan`), so "equal" means "what an
 * indexer would write now". Operators and tests use the same code.
 */
export async function verifyRange(
  indexer: ProductIndexer,
  client: Client,
  range: IdRange,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const chunkSize = Math.min(options.chunkSize ?? 5_000, 10_000);
  const sampleEvery = Math.max(1, options.sampleEvery ?? 10);
  const report: VerifyReport = { range, checked: 0, missing: [], extra: [], stale: [] };
  await client.indices.refresh({ index: options.index });
  for (const chunk of rangesTopDown(range.from, range.to, chunkSize)) {
    const [expected, indexed] = await Promise.all([
      indexer.plan(idsOf(chunk)),
      readIndexed(client, options.index, chunk, sampleEvery),
    ]);
    const result = compareWithIndex(expected, indexed);
    report.checked += result.checked;
    report.missing.push(...result.missing);
    report.extra.push(...result.extra);
    report.stale.push(...result.stale);
  }
  return report;
}

async function readIndexed(client: Client, index: string, range: IdRange, sampleEvery: number) {
  const response = await client.search<Partial<ProductDocument>>({
    index,
    size: range.to - range.from + 1,
    query: { range: { id: { gte: range.from, lte: range.to } } },
    version: true,
    _source: true,
    track_total_hits: false,
  });
  const indexed = new Map<number, IndexedDocument>();
  for (const hit of response.hits.hits) {
    const id = Number(hit._id);
    indexed.set(id, { version: hit._version ?? 0, source: id % sampleEvery === 0 ? hit._source : undefined });
  }
  return indexed;
}

export const verifyIsClean = (report: RangeComparison) =>
  report.missing.length === 0 && report.extra.length === 0 && report.stale.length === 0;

/**
 * `verifyRange` over the whole catalogue (its smallest to largest product id), every document
 * compared field by field unless `sampleEvery` says otherwise.
 */
export async function verifyCatalogue(
  catalog: ShopCatalog,
  client: Client,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const range = await catalog.idRange();
  if (!range) return { range: { from: 1, to: 0 }, checked: 0, missing: [], extra: [], stale: [] };
  const indexer = new ProductIndexer(catalog, client, { index: options.index, source: 'verify' });
  return verifyRange(indexer, client, { from: range.minId, to: range.maxId }, { sampleEvery: 1, ...options });
}
