import { InvalidProductSearch, parsePageSize, parseProductSearch, searchLimits } from './search-query';

const fieldOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidProductSearch) return error.field;
    throw error;
  }
  throw new Error('no error thrown');
};

describe('parseProductSearch', () => {
  it('normalises: trims text, defaults the sort, turns GraphQL id strings into numbers, sorts and dedupes ids', () => {
    expect(
      parseProductSearch({ text: '  노트북 ', categoryId: '12', shopIds: ['3', 1, '3'], tagIds: [5, '2'] }),
    ).toEqual({ text: '노트북', sort: 'relevance', categoryId: 12, shopIds: [1, 3], tagIds: [2, 5] });
    expect(parseProductSearch(undefined)).toEqual({ sort: 'newest' });
    expect(parseProductSearch({ text: '   ', inStock: false, shopIds: [] })).toEqual({ sort: 'newest' });
    expect(parseProductSearch({ minPrice: 0, maxPrice: 0, inStock: true, sort: 'price_desc' })).toEqual({
      minPrice: 0,
      maxPrice: 0,
      inStock: true,
      sort: 'price_desc',
    });
  });

  it('names the field of bad input', () => {
    expect(fieldOf(() => parseProductSearch({ text: 'x'.repeat(searchLimits.maxTextLength + 1) }))).toBe(
      'search.text',
    );
    expect(fieldOf(() => parseProductSearch({ categoryId: 'abc' }))).toBe('search.categoryId');
    expect(fieldOf(() => parseProductSearch({ categoryId: -4 }))).toBe('search.categoryId');
    expect(fieldOf(() => parseProductSearch({ shopIds: [1, '2x'] }))).toBe('search.shopIds');
    expect(fieldOf(() => parseProductSearch({ minPrice: -1 }))).toBe('search.minPrice');
    expect(fieldOf(() => parseProductSearch({ maxPrice: Number.POSITIVE_INFINITY }))).toBe('search.maxPrice');
    expect(fieldOf(() => parseProductSearch({ minPrice: 500, maxPrice: 100 }))).toBe('search.maxPrice');
    expect(fieldOf(() => parseProductSearch({ tagIds: Array.from({ length: 21 }, (_, i) => i + 1) }))).toBe(
      'search.tagIds',
    );
    expect(fieldOf(() => parseProductSearch({ sort: 'cheapest' }))).toBe('search.sort');
    expect(fieldOf(() => parseProductSearch({ colour: 'red' }))).toBe('search');
  });

  it('says what was wrong in the message', () => {
    expect(() => parseProductSearch({ minPrice: 500, maxPrice: 100 })).toThrow(
      'InvalidProductSearch: "search.maxPrice" must not be below minPrice (500 > 100)',
    );
  });
});

describe('parsePageSize', () => {
  it('defaults and caps the page size', () => {
    expect(parsePageSize(undefined)).toBe(searchLimits.defaultPageSize);
    expect(parsePageSize(null, 10)).toBe(10);
    expect(parsePageSize(100)).toBe(100);
    expect(() => parsePageSize(101)).toThrow('"first" must be at most 100, got 101');
    expect(() => parsePageSize(0)).toThrow('"first" must be a positive integer, got 0');
    expect(() => parsePageSize(2.5)).toThrow(InvalidProductSearch);
    expect(() => parsePageSize(51, 50)).toThrow('at most 50');
  });
});
