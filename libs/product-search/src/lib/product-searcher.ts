import type { Client, estypes } from '@elastic/elasticsearch';
import type { ProductRow, ShopCatalog } from '@keel/catalog';
import { Logger, type LoggerService } from '@nestjs/common';
import { decodeCursor, encodeCursor, type SortValues } from './search-cursor';
import { searchDroppedTotal, searchSeconds } from './search-metrics';
import {
  InvalidProductSearch,
  parsePageSize,
  parseProductSearch,
  searchLimits,
  type ProductSearch,
} from './search-query';
import { buildSearchRequest, readFacets, sortClauses, type ProductFacets } from './search-request';

export interface ProductSearcherOptions {
  /** The read alias searched (an alias, so a rebuild's swap is invisible). */
  readAlias: string;
  maxPageSize?: number;
  /**
   * When hits are dropped (the DB no longer has them), ask Elasticsearch again for the next hits this
   * many times to fill the page before returning it shorter.
   */
  maxRefills?: number;
  logger?: Pick<LoggerService, 'warn'>;
}

export interface ProductSearchHit {
  product: ProductRow;
  /** Continue after this product. */
  cursor: string;
}

export interface ProductSearchPage {
  search: ProductSearch;
  hits: ProductSearchHit[];
  hasNextPage: boolean;
  /** After the last hit examined (a dropped one included), so the next page never sees it again. */
  endCursor: string | null;
  /** Matching documents in the index (dropped ones included). */
  totalCount: number;
  facets?: ProductFacets;
  /** Hits dropped from this page because the DB no longer serves them. */
  dropped: number;
  elasticsearchMs: number;
  hydrateMs: number;
}

export interface ProductSearchRequest {
  /** The search as it comes from a client: validated here. */
  search?: unknown;
  first?: unknown;
  after?: string | null;
  /** Compute facets (an aggregation over all matches: ask only when shown). */
  facets?: boolean;
}

type Hit = estypes.SearchHit<unknown>;

/**
 * The read path of product search: Elasticsearch for the matching ids, in order, then the rows by id
 * from the shop DB (one `WHERE id IN (…)`, through `ShopCatalog`), returned in the search's order.
 */
export class ProductSearcher {
  private readonly logger: Pick<LoggerService, 'warn'>;

  constructor(
    private readonly client: Client,
    private readonly catalog: ShopCatalog,
    private readonly options: ProductSearcherOptions,
  ) {
    this.logger = options.logger ?? new Logger('ProductSearch');
  }

  async search(request: ProductSearchRequest): Promise<ProductSearchPage> {
    const search = parseProductSearch(request.search);
    const size = parsePageSize(request.first, this.options.maxPageSize ?? searchLimits.maxPageSize);
    let after = request.after ? decodeCursor(search, request.after) : undefined;
    if (after && after.length !== sortClauses(search.sort).length)
      throw new InvalidProductSearch('after', 'is not a cursor returned by products');

    const page: ProductSearchPage = {
      search,
      hits: [],
      hasNextPage: false,
      endCursor: null,
      totalCount: 0,
      dropped: 0,
      elasticsearchMs: 0,
      hydrateMs: 0,
    };
    const rounds = 1 + (this.options.maxRefills ?? 2);
    for (let round = 0; round < rounds; round++) {
      const want = size - page.hits.length;
      const facets = round === 0 && request.facets === true;
      const started = performance.now();
      const response = await this.client.search(
        buildSearchRequest(search, { index: this.options.readAlias, size: want + 1, after, facets }),
      );
      page.elasticsearchMs += performance.now() - started;
      if (round === 0) {
        page.totalCount = totalOf(response.hits.total);
        if (facets) page.facets = readFacets(response.aggregations);
      }
      const hits = response.hits.hits.slice(0, want);
      const more = response.hits.hits.length > want;
      await this.hydrate(search, hits, page);
      const last = hits.at(-1);
      if (last) {
        after = last.sort as SortValues;
        page.endCursor = encodeCursor(search, after);
      }
      page.hasNextPage = more;
      if (!more || page.hits.length >= size) break;
    }
    searchSeconds.observe({ phase: 'elasticsearch' }, page.elasticsearchMs / 1000);
    searchSeconds.observe({ phase: 'hydrate' }, page.hydrateMs / 1000);
    return page;
  }

  private async hydrate(search: ProductSearch, hits: Hit[], page: ProductSearchPage): Promise<void> {
    if (hits.length === 0) return;
    const started = performance.now();
    const ids = hits.map((h) => Number(h._id));
    const rows = new Map((await this.catalog.loadProductsByIds(ids)).map((r) => [r.id, r]));
    page.hydrateMs += performance.now() - started;
    const missing: number[] = [];
    const hidden: number[] = [];
    for (const hit of hits) {
      const product = rows.get(Number(hit._id));
      if (!product) missing.push(Number(hit._id));
      // the index may lag a status change; a hidden or deleted product is not shown
      else if (product.status !== 'active') hidden.push(product.id);
      else page.hits.push({ product, cursor: encodeCursor(search, hit.sort as SortValues) });
    }
    if (missing.length + hidden.length === 0) return;
    page.dropped += missing.length + hidden.length;
    if (missing.length > 0) searchDroppedTotal.inc({ reason: 'missing' }, missing.length);
    if (hidden.length > 0) searchDroppedTotal.inc({ reason: 'not-searchable' }, hidden.length);
    this.logger.warn(
      `dropped ${missing.length + hidden.length} search hits of alias ${this.options.readAlias} the shop DB no longer serves` +
        ` (missing: [${missing.join(', ')}], not searchable: [${hidden.join(', ')}]); the indexers should remove them`,
    );
  }
}

function totalOf(total: estypes.SearchTotalHits | number | undefined): number {
  if (total === undefined) return 0;
  return typeof total === 'number' ? total : total.value;
}
