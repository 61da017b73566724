import { Prng } from '@keel/service-runtime';
import { modelCode, productName } from './product-names';

describe('productName', () => {
  it('names the same product in Korean and English from the same draws', () => {
    const name = productName(new Prng(5), ['삼성', 'Samsung'], ['노트북', 'Laptop']);
    expect(name.nameKo).toMatch(/^삼성 \S+ 노트북 \S+$/);
    expect(name.nameEn).toMatch(/^Samsung .+ Laptop \S+$/);
    expect(name.nameKo.split(' ').pop()).toBe(name.nameEn.split(' ').pop());
  });

  it('is deterministic for a seed and varies across seeds', () => {
    const a = productName(new Prng(9), null, ['운동화', 'Sneakers']);
    expect(productName(new Prng(9), null, ['운동화', 'Sneakers'])).toEqual(a);
    const names = new Set(
      Array.from({ length: 50 }, (_, i) => productName(new Prng(i), null, ['커피', 'Coffee']).nameEn),
    );
    expect(names.size).toBeGreaterThan(40);
  });

  it('leaves out a missing brand', () => {
    expect(productName(new Prng(1), null, ['티셔츠', 'T-Shirt']).nameEn).not.toMatch(/^ |undefined/);
  });

  it('makes model codes of a letter and digits', () => {
    const prng = new Prng(2);
    for (let i = 0; i < 100; i++) expect(modelCode(prng)).toMatch(/^[A-Z]{1,2}-?\d{1,2}$/);
  });
});
