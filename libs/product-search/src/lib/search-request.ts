import type { estypes } from '@elastic/elasticsearch';
import { FRESHNESS_CANARY_BRAND } from '@keel/catalog';
import { PRODUCT_FIELDS as F } from '@keel/product-index';
import type { SortValues } from './search-cursor';
import type { ProductSearch, ProductSort } from './search-query';

/** Price facet bucket bounds (KRW): `[0, 10k)`, `[10k, 30k)`, … `[1M, ∞)`. */
export const priceBucketBounds = [0, 10_000, 30_000, 100_000, 300_000, 1_000_000] as const;

export const facetSizes = { categories: 50, shops: 20 } as const;

/** Text is matched in these fields (all analysed with the index's text analyzer). */
export const textFields = [`${F.name}^3`, `${F.categoryNames}^2`, F.shopName, F.description] as const;

type SortClause = Record<string, estypes.SortOrder>;

/**
 * The sort of each order, always ending with the product id so the order is total: equal prices or
 * dates never swap between two requests, and `search_after` neither skips nor repeats a product.
 */
export function sortClauses(sort: ProductSort): SortClause[] {
  switch (sort) {
    case 'relevance':
      return [{ _score: 'desc' }, { [F.id]: 'asc' }];
    case 'price_asc':
      return [{ [F.priceMin]: 'asc' }, { [F.id]: 'asc' }];
    case 'price_desc':
      return [{ [F.priceMin]: 'desc' }, { [F.id]: 'asc' }];
    case 'newest':
      return [{ [F.createdAt]: 'desc' }, { [F.id]: 'desc' }];
    case 'popularity':
      return [{ [F.popularity]: 'desc' }, { [F.id]: 'asc' }];
  }
}

/** Excludes the freshness probe's canary (`brand` = the marker); the JOIN equivalent has the same rule. */
export const canaryExclusion: estypes.QueryDslQueryContainer = {
  term: { [F.brand]: FRESHNESS_CANARY_BRAND },
};

/** The filters of a search, as Elasticsearch filter clauses (no scoring, cacheable). */
export function filterClauses(search: ProductSearch): estypes.QueryDslQueryContainer[] {
  const filters: estypes.QueryDslQueryContainer[] = [];
  // category_ids is the category's whole path (root first), so a subtree is one term
  if (search.categoryId !== undefined) filters.push({ term: { [F.categoryIds]: search.categoryId } });
  if (search.shopIds) filters.push({ terms: { [F.shopId]: search.shopIds } });
  if (search.minPrice !== undefined || search.maxPrice !== undefined) {
    const range: estypes.QueryDslNumberRangeQuery = {};
    if (search.minPrice !== undefined) range.gte = search.minPrice;
    if (search.maxPrice !== undefined) range.lte = search.maxPrice;
    filters.push({ range: { [F.priceMin]: range } });
  }
  if (search.inStock) filters.push({ term: { [F.inStock]: true } });
  // all of the tags: one term per tag
  for (const tagId of search.tagIds ?? []) filters.push({ term: { [F.tagIds]: tagId } });
  return filters;
}

export function searchQuery(search: ProductSearch): estypes.QueryDslQueryContainer {
  const filter = filterClauses(search);
  // the freshness probe's canary is a real, indexed product that no search may return
  const must_not = [canaryExclusion];
  if (!search.text) return { bool: { filter, must_not } };
  return {
    bool: {
      must_not,
      must: [
        {
          multi_match: {
            query: search.text,
            fields: [...textFields],
            // every word must appear, in any of the fields (brand in the name, kind in the category…)
            type: 'cross_fields',
            operator: 'and',
          },
        },
      ],
      filter,
    },
  };
}

export function facetAggregations(): Record<string, estypes.AggregationsAggregationContainer> {
  return {
    categories: { terms: { field: F.categoryIds, size: facetSizes.categories } },
    shops: { terms: { field: F.shopId, size: facetSizes.shops } },
    prices: {
      range: {
        field: F.priceMin,
        ranges: priceBucketBounds.map((from, i) =>
          i + 1 < priceBucketBounds.length ? { from, to: priceBucketBounds[i + 1] } : { from },
        ),
      },
    },
  };
}

export interface SearchRequestOptions {
  index: string;
  /** Hits to fetch (the page size plus one, to know whether there is a next page). */
  size: number;
  after?: SortValues;
  facets: boolean;
}

/**
 * The Elasticsearch request of a search: IDs only (`_source: false`; the id is `_id` and the sort
 * values come back in `hit.sort`), `search_after` instead of `from`, facets only when asked.
 */
export function buildSearchRequest(
  search: ProductSearch,
  options: SearchRequestOptions,
): estypes.SearchRequest {
  const request: estypes.SearchRequest = {
    index: options.index,
    size: options.size,
    _source: false,
    query: searchQuery(search),
    sort: sortClauses(search.sort),
    track_total_hits: true,
  };
  if (options.after) request.search_after = options.after;
  if (options.facets) request.aggs = facetAggregations();
  return request;
}

export interface FacetCount {
  id: number;
  count: number;
}

export interface PriceBucket {
  from: number;
  /** Exclusive; null for the last, open bucket. */
  to: number | null;
  count: number;
}

export interface ProductFacets {
  categories: FacetCount[];
  shops: FacetCount[];
  prices: PriceBucket[];
}

type TermsAgg = { buckets?: { key: number | string; doc_count: number }[] };
type RangeAgg = { buckets?: { from?: number; to?: number; doc_count: number }[] };

/** Reads the facet aggregations of a response (absent aggregations give empty lists). */
export function readFacets(aggregations: Record<string, unknown> | undefined): ProductFacets {
  const terms = (name: string) =>
    ((aggregations?.[name] as TermsAgg | undefined)?.buckets ?? []).map((b) => ({
      id: Number(b.key),
      count: b.doc_count,
    }));
  const prices = ((aggregations?.['prices'] as RangeAgg | undefined)?.buckets ?? []).map((b) => ({
    from: b.from ?? 0,
    to: b.to ?? null,
    count: b.doc_count,
  }));
  return { categories: terms('categories'), shops: terms('shops'), prices };
}
