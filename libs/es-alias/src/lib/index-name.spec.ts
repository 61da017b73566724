import { indexNameFor, isAliasName, stampOf } from './index-name';

describe('indexNameFor', () => {
  it('stamps the alias with UTC time to the millisecond', () => {
    expect(indexNameFor('products', new Date('2026-11-25T12:03:04.567Z'))).toBe(
      'products-20261125t120304567',
    );
  });

  it('sorts by creation time', () => {
    const a = indexNameFor('products', new Date('2026-01-02T00:00:00.000Z'));
    const b = indexNameFor('products', new Date('2026-10-02T00:00:00.000Z'));
    expect([b, a].sort()).toEqual([a, b]);
  });

  it('refuses aliases Elasticsearch would refuse', () => {
    expect(() => indexNameFor('Products', new Date())).toThrow(/invalid alias "Products"/);
  });

  it('reads the stamp back only from its own indices', () => {
    expect(stampOf('products', 'products-20261125t120304567')).toBe('20261125t120304567');
    expect(stampOf('products', 'products-old')).toBeUndefined();
    expect(stampOf('products', 'productsx-20261125t120304567')).toBeUndefined();
  });
});

describe('isAliasName', () => {
  it('takes lowercase letters, digits, "-" and "_", starting with a letter or digit', () => {
    expect(['products', 'products-write', 'p_1', '9a'].every(isAliasName)).toBe(true);
    expect(['', 'Products', '-products', 'a.b', 'a b', '_a'].some(isAliasName)).toBe(false);
  });
});
