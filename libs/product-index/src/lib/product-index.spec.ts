import { PRODUCT_FIELDS } from './product-fields';
import { productIndexDefinition } from './product-mapping';
import { aliasPairOf, writeAliasOf } from './product-aliases';

describe('the product index', () => {
  it('names every field the mapping declares, and only those', () => {
    const mapped = Object.keys(productIndexDefinition().mappings.properties ?? {}).sort();
    expect([...new Set(Object.values(PRODUCT_FIELDS))].sort()).toEqual(mapped);
    expect(new Set(Object.values(PRODUCT_FIELDS)).size).toBe(Object.values(PRODUCT_FIELDS).length);
  });

  it('copies both names into the one name field searches match', () => {
    const properties = productIndexDefinition().mappings.properties ?? {};
    for (const field of [PRODUCT_FIELDS.nameKo, PRODUCT_FIELDS.nameEn]) {
      expect(properties[field]).toMatchObject({ copy_to: PRODUCT_FIELDS.name });
    }
  });

  it('analyses text with the analyzer asked for, standard by default', () => {
    const analyzerOf = (definition: ReturnType<typeof productIndexDefinition>) =>
      (definition.mappings.properties?.[PRODUCT_FIELDS.description] as { analyzer?: string }).analyzer;
    expect(analyzerOf(productIndexDefinition())).toBe('standard');
    expect(analyzerOf(productIndexDefinition({ analyzer: 'nori' }))).toBe('nori');
  });

  it('writes through <alias>-write', () => {
    expect(writeAliasOf('products')).toBe('products-write');
    expect(aliasPairOf('products')).toEqual({ readAlias: 'products', writeAlias: 'products-write' });
  });
});
