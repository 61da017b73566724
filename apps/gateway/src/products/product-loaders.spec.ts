import type { ShopCatalog } from '@keel/catalog';
import { loadersOf } from './product-loaders';

const at = new Date(0);

function fakeCatalog() {
  const calls: string[] = [];
  const catalog = {
    loadShopsByIds: async (ids: readonly number[]) => {
      calls.push(`shops ${ids.join(',')}`);
      return ids
        .filter((id) => id !== 99)
        .map((id) => ({ id, name: `shop ${id}`, status: 'open', createdAt: at, updateTs: at }));
    },
    loadOptionsByProductIds: async (ids: readonly number[]) => {
      calls.push(`options ${ids.join(',')}`);
      return [
        { id: 11, productId: 1, sku: 'a', nameKo: 'a', nameEn: 'a', price: 10, stock: 1, updateTs: at },
        { id: 12, productId: 1, sku: 'b', nameKo: 'b', nameEn: 'b', price: 20, stock: 0, updateTs: at },
        { id: 21, productId: 2, sku: 'c', nameKo: 'c', nameEn: 'c', price: 30, stock: 5, updateTs: at },
      ];
    },
    loadTagsByProductIds: async (ids: readonly number[]) => {
      calls.push(`links ${ids.join(',')}`);
      return [
        { productId: 1, tagId: 7, updateTs: at },
        { productId: 2, tagId: 7, updateTs: at },
        { productId: 2, tagId: 8, updateTs: at },
      ];
    },
    loadTagsByIds: async (ids: readonly number[]) => {
      calls.push(`tags ${ids.join(',')}`);
      return [7, 8].map((id) => ({ id, nameKo: `태그${id}`, nameEn: `tag${id}`, updateTs: at }));
    },
  };
  return { catalog: catalog as unknown as ShopCatalog, calls };
}

describe('product loaders', () => {
  it('batch a page of loads into one call per table, grouped back by key', async () => {
    const { catalog, calls } = fakeCatalog();
    const loaders = loadersOf({}, catalog);
    const [shops, options, tags] = await Promise.all([
      Promise.all([3, 99, 3].map((id) => loaders.shop.load(id))),
      Promise.all([1, 2, 3].map((id) => loaders.options.load(id))),
      Promise.all([1, 2, 3].map((id) => loaders.tags.load(id))),
    ]);
    expect(shops.map((s) => s?.name ?? null)).toEqual(['shop 3', null, 'shop 3']);
    expect(options.map((list) => list.map((o) => o.sku))).toEqual([['a', 'b'], ['c'], []]);
    expect(tags.map((list) => list.map((t) => t.nameEn))).toEqual([['tag7'], ['tag7', 'tag8'], []]);
    expect(calls).toEqual(['shops 3,99', 'options 1,2,3', 'links 1,2,3', 'tags 7,8']);
  });

  it('belong to one request: another context gets loaders of its own', () => {
    const { catalog } = fakeCatalog();
    const request = {};
    expect(loadersOf(request, catalog)).toBe(loadersOf(request, catalog));
    expect(loadersOf({}, catalog)).not.toBe(loadersOf(request, catalog));
  });
});
