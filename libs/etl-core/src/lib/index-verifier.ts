import type { Client } from '@elastic/elasticsearch';
import { idsOf, rangesTopDown, type IdRange } from './id-range';
import {
  compareWithIndex,
  countDrift,
  digestOfActions,
  type DriftCounts,
  type IndexedDocument,
  type RangeComparison,
  type RangeDigest,
} from './index-comparison';
import { PRODUCT_FIELDS, type ProductDocument } from '@keel/product-index';
import type { IndexAction } from './product-document';
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
  /** The differences above by cause (`DriftCause`). */
  causes: DriftCounts;
}

/**
 * The one comparison of a chunk of ids (at most 10 000) that verify and the repairer share: the DB
 * side planned exactly as indexing plans it, the index side listed with versions (and sources for
 * every `sampleEvery`-th id). Pass `expected` when the caller already planned the chunk.
 */
export async function compareChunk(
  indexer: ProductIndexer,
  client: Client,
  index: string,
  chunk: IdRange,
  sampleEvery: number,
  expected?: readonly IndexAction[],
): Promise<RangeComparison> {
  const [planned, indexed] = await Promise.all([
    expected ?? indexer.plan(idsOf(chunk)),
    readIndexed(client, index, chunk, sampleEvery),
  ]);
  return compareWithIndex(planned, indexed);
}

/**
 * The index side of a range's digest: one aggregation (document count, sums of `version` and `id`)
 * over the ids of the range, no documents fetched.
 */
export async function indexDigest(client: Client, index: string, range: IdRange): Promise<RangeDigest> {
  const response = await client.search({
    index,
    size: 0,
    track_total_hits: true,
    query: { range: { [PRODUCT_FIELDS.id]: { gte: range.from, lte: range.to } } },
    aggs: {
      versions: { sum: { field: PRODUCT_FIELDS.version } },
      ids: { sum: { field: PRODUCT_FIELDS.id } },
    },
  });
  const total = response.hits.total;
  const aggs = response.aggregations as Record<string, { value: number }> | undefined;
  return {
    count: typeof total === 'number' ? total : (total?.value ?? 0),
    versionSum: aggs?.['versions']?.value ?? 0,
    idSum: aggs?.['ids']?.value ?? 0,
  };
}

/** The DB side of a range's digest, from the documents the DB plans for it. */
export async function plannedDigest(
  indexer: ProductIndexer,
  range: IdRange,
): Promise<{ digest: RangeDigest; expected: IndexAction[] }> {
  const expected = await indexer.plan(idsOf(range));
  return { digest: digestOfActions(expected), expected };
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
  const report: VerifyReport = {
    range,
    checked: 0,
    missing: [],
    extra: [],
    stale: [],
    drift: [],
    causes: countDrift([]),
  };
  await client.indices.refresh({ index: options.index });
  for (const chunk of rangesTopDown(range.from, range.to, chunkSize)) {
    const result = await compareChunk(indexer, client, options.index, chunk, sampleEvery);
    report.checked += result.checked;
    report.missing.push(...result.missing);
    report.extra.push(...result.extra);
    report.stale.push(...result.stale);
    report.drift.push(...result.drift);
  }
  report.causes = countDrift(report.drift);
  return report;
}

async function readIndexed(client: Client, index: string, range: IdRange, sampleEvery: number) {
  const response = await client.search<Partial<ProductDocument>>({
    index,
    size: range.to - range.from + 1,
    query: { range: { [PRODUCT_FIELDS.id]: { gte: range.from, lte: range.to } } },
    version: true,
    // the repairer compares versions only (sampleEvery Infinity): no sources fetched
    _source: Number.isFinite(sampleEvery),
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

/** A verify request whose id range is not one (from above to, not integers, or wider than allowed). */
export class InvalidVerifyRange extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidVerifyRange';
  }
}

/** Verify was asked of an index or alias that does not exist (before the first rebuild). */
export class NothingToVerify extends Error {
  constructor(readonly index: string) {
    super(`alias ${index} does not exist yet: nothing to verify (run a recovery first)`);
    this.name = 'NothingToVerify';
  }
}

export interface CatalogueVerifyOptions extends VerifyOptions {
  /** First id compared; default the catalogue's smallest product id. */
  from?: number;
  /** Last id compared; default the catalogue's largest product id. */
  to?: number;
  /** Refuse a range of more ids than this (each is read from the DB and the index). */
  maxSpan?: number;
}

/**
 * The one verify: the CLI, the RPC handler and the tests all call it. `verifyRange` over
 * `from`..`to` (default: the catalogue's smallest to largest product id), every document compared
 * field by field unless `sampleEvery` says otherwise. Throws `InvalidVerifyRange` for a range that
 * is not one (an empty catalogue without bounds is 1..0, not one) and `NothingToVerify` when the
 * index does not exist.
 */
export async function verifyCatalogue(
  catalog: ShopCatalog,
  client: Client,
  options: CatalogueVerifyOptions,
): Promise<VerifyReport> {
  const { from: fromOption, to: toOption, maxSpan, ...verify } = options;
  const range = fromOption === undefined || toOption === undefined ? await catalog.idRange() : undefined;
  const from = fromOption ?? range?.minId ?? 1;
  const to = toOption ?? range?.maxId ?? 0;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
    throw new InvalidVerifyRange(`"from" (${from}) and "to" (${to}) must be integers`);
  }
  if (from > to) throw new InvalidVerifyRange(`"from" (${from}) is above "to" (${to})`);
  if (maxSpan !== undefined && to - from + 1 > maxSpan) {
    throw new InvalidVerifyRange(`"to" - "from" spans ${to - from + 1} ids; at most ${maxSpan} per request`);
  }
  if (!(await client.indices.exists({ index: verify.index }))) throw new NothingToVerify(verify.index);
  const indexer = new ProductIndexer(catalog, client, { index: verify.index, source: 'verify' });
  return verifyRange(indexer, client, { from, to }, { sampleEvery: 1, ...verify });
}

/** What operators are shown of a report: counts, causes and up to `examples` ids of each kind. */
export function verifySummary(report: VerifyReport, examples = 10) {
  return {
    range: report.range,
    checked: report.checked,
    missing: report.missing.length,
    extra: report.extra.length,
    stale: report.stale.length,
    causes: report.causes,
    examples: {
      missing: report.missing.slice(0, examples),
      extra: report.extra.slice(0, examples),
      stale: report.stale.slice(0, examples),
    },
    clean: verifyIsClean(report),
  };
}
