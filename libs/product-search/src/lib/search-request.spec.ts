import { buildSearchRequest, priceBucketBounds, readFacets, sortClauses } from './search-request';
import { productSorts } from './search-query';

describe('buildSearchRequest', () => {
  it('asks for ids only, with every filter as a non-scoring clause', () => {
    const request = buildSearchRequest(
      {
        text: '삼성 노트북',
        categoryId: 5,
        shopIds: [3, 9],
        minPrice: 10000,
        maxPrice: 50000,
        inStock: true,
        tagIds: [2, 7],
        sort: 'relevance',
      },
      { index: 'products', size: 21, facets: false },
    );
    expect(request).toEqual({
      index: 'products',
      size: 21,
      _source: false,
      track_total_hits: true,
      sort: [{ _score: 'desc' }, { id: 'asc' }],
      query: {
        bool: {
          must: [
            {
              multi_match: {
                query: '삼성 노트북',
                fields: ['name^3', 'category_names^2', 'shop_name', 'description'],
                type: 'cross_fields',
                operator: 'and',
              },
            },
          ],
          filter: [
            { term: { category_ids: 5 } },
            { terms: { shop_id: [3, 9] } },
            { range: { price_min: { gte: 10000, lte: 50000 } } },
            { term: { in_stock: true } },
            { term: { tag_ids: 2 } },
            { term: { tag_ids: 7 } },
          ],
          must_not: [{ term: { brand: 'keel-freshness-canary' } }],
        },
      },
    });
    expect(request).not.toHaveProperty('from');
  });

  it('continues with search_after and adds facets only when asked', () => {
    const request = buildSearchRequest(
      { sort: 'newest', maxPrice: 100 },
      { index: 'a', size: 11, after: [1700000000000, 42], facets: true },
    );
    expect(request.search_after).toEqual([1700000000000, 42]);
    expect(request.query).toEqual({
      bool: {
        filter: [{ range: { price_min: { lte: 100 } } }],
        must_not: [{ term: { brand: 'keel-freshness-canary' } }],
      },
    });
    expect(Object.keys(request.aggs ?? {})).toEqual(['categories', 'shops', 'prices']);
  });

  it("never returns the freshness probe's canary, with or without text and filters", () => {
    const canary = { term: { brand: 'keel-freshness-canary' } };
    for (const search of [
      { sort: 'newest' as const },
      { sort: 'relevance' as const, text: 'canary' },
      { sort: 'popularity' as const, shopIds: [1] },
    ]) {
      const query = buildSearchRequest(search, { index: 'a', size: 1, facets: true }).query;
      expect(query?.bool?.must_not).toEqual([canary]);
    }
  });

  it('makes every order total by ending on the id', () => {
    for (const sort of productSorts) {
      const clauses = sortClauses(sort);
      expect(Object.keys(clauses.at(-1) ?? {})).toEqual(['id']);
    }
    expect(sortClauses('newest')).toEqual([{ created_at: 'desc' }, { id: 'desc' }]);
    expect(sortClauses('price_desc')).toEqual([{ price_min: 'desc' }, { id: 'asc' }]);
  });
});

describe('readFacets', () => {
  it('reads category, shop and price buckets', () => {
    expect(
      readFacets({
        categories: { buckets: [{ key: 1, doc_count: 9 }] },
        shops: { buckets: [{ key: '4', doc_count: 3 }] },
        prices: {
          buckets: [
            { from: 0, to: 10000, doc_count: 2 },
            { from: 1000000, doc_count: 1 },
          ],
        },
      }),
    ).toEqual({
      categories: [{ id: 1, count: 9 }],
      shops: [{ id: 4, count: 3 }],
      prices: [
        { from: 0, to: 10000, count: 2 },
        { from: 1000000, to: null, count: 1 },
      ],
    });
    expect(readFacets(undefined)).toEqual({ categories: [], shops: [], prices: [] });
    expect(priceBucketBounds[0]).toBe(0);
  });
});
