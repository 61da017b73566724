import { aliasPairOf, writeAliasOf } from './alias-swap';

describe('alias pair', () => {
  it('names the write alias of a read alias, the one way', () => {
    expect(writeAliasOf('products')).toBe('products-write');
    expect(aliasPairOf('shop-7')).toEqual({ readAlias: 'shop-7', writeAlias: 'shop-7-write' });
  });
});
