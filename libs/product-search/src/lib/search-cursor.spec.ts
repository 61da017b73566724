import { decodeCursor, encodeCursor, searchFingerprint } from './search-cursor';
import { InvalidProductSearch, type ProductSearch } from './search-query';

const search: ProductSearch = { sort: 'price_asc', categoryId: 4, inStock: true };

describe('search cursors', () => {
  it('round-trips the sort values of the search it came from', () => {
    const cursor = encodeCursor(search, [12900.5, 1042]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor({ inStock: true, categoryId: 4, sort: 'price_asc' }, cursor)).toEqual([
      12900.5, 1042,
    ]);
  });

  it('refuses a cursor of another search, naming "after"', () => {
    const cursor = encodeCursor(search, [1, 2]);
    expect(() => decodeCursor({ ...search, sort: 'price_desc' }, cursor)).toThrow(
      'InvalidProductSearch: "after" belongs to a different search',
    );
    expect(() => decodeCursor({ ...search, minPrice: 10 }, cursor)).toThrow(InvalidProductSearch);
  });

  it('refuses garbage', () => {
    for (const bad of ['', 'not a cursor!', Buffer.from('{"v":1}').toString('base64url'), 'e30']) {
      expect(() => decodeCursor(search, bad)).toThrow('"after" is not a cursor returned by products');
    }
  });

  it('fingerprints the search, not its key order', () => {
    expect(searchFingerprint({ sort: 'newest', shopIds: [1], text: 'a' })).toBe(
      searchFingerprint({ text: 'a', shopIds: [1], sort: 'newest' }),
    );
    expect(searchFingerprint({ sort: 'newest', shopIds: [1] })).not.toBe(
      searchFingerprint({ sort: 'newest', shopIds: [2] }),
    );
  });
});
