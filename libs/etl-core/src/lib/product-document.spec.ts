import { categoryIdsOfPath, planIndexActions, type CatalogRows } from './product-document';

const t = (iso: string) => new Date(iso);

function rows(overrides: Partial<CatalogRows> = {}): CatalogRows {
  return {
    products: [
      {
        id: 7,
        shopId: 3,
        categoryId: 23,
        nameKo: '삼성 노트북',
        nameEn: 'Samsung laptop',
        description: '가벼운 노트북',
        brand: '삼성',
        status: 'active',
        basePrice: 1000,
        popularityScore: 4.5,
        createdAt: t('2026-01-01T00:00:00.000Z'),
        updateTs: t('2026-03-01T00:00:00.000Z'),
      },
    ],
    options: [
      {
        id: 2,
        productId: 7,
        sku: 'B',
        nameKo: '실버',
        nameEn: 'silver',
        price: 1200,
        stock: 0,
        updateTs: t('2026-03-02T00:00:00.000Z'),
      },
      {
        id: 1,
        productId: 7,
        sku: 'A',
        nameKo: '블랙',
        nameEn: 'black',
        price: 900,
        stock: 5,
        updateTs: t('2026-02-01T00:00:00.000Z'),
      },
    ],
    images: [
      {
        id: 9,
        productId: 7,
        url: 'https://img/2.jpg',
        sortOrder: 2,
        updateTs: t('2026-01-01T00:00:00.000Z'),
      },
      {
        id: 8,
        productId: 7,
        url: 'https://img/1.jpg',
        sortOrder: 1,
        updateTs: t('2026-01-01T00:00:00.000Z'),
      },
    ],
    productTags: [{ productId: 7, tagId: 4, updateTs: t('2026-01-01T00:00:00.000Z') }],
    tags: [{ id: 4, nameKo: '할인', nameEn: 'sale', updateTs: t('2026-01-01T00:00:00.000Z') }],
    shops: [
      {
        id: 3,
        name: 'Keel Store',
        status: 'active',
        createdAt: t('2025-01-01T00:00:00.000Z'),
        updateTs: t('2025-01-01T00:00:00.000Z'),
      },
    ],
    categories: [
      {
        id: 1,
        parentId: null,
        nameKo: '디지털',
        nameEn: 'Digital',
        depth: 0,
        path: '/1/',
        updateTs: t('2025-01-01T00:00:00.000Z'),
      },
      {
        id: 23,
        parentId: 1,
        nameKo: '노트북',
        nameEn: 'Laptops',
        depth: 1,
        path: '/1/23/',
        updateTs: t('2025-01-01T00:00:00.000Z'),
      },
    ],
    ...overrides,
  };
}

describe('planIndexActions', () => {
  it('builds a denormalised document whose version is the newest update_ts of everything in it', () => {
    const [action] = planIndexActions([7], rows(), 0);
    expect(action.kind).toBe('upsert');
    if (action.kind !== 'upsert') return;
    expect(action.version).toBe(t('2026-03-02T00:00:00.000Z').getTime());
    expect(action.document).toMatchObject({
      id: 7,
      shop_name: 'Keel Store',
      category_ids: [1, 23],
      category_names: ['디지털', 'Digital', '노트북', 'Laptops'],
      price_min: 900,
      price_max: 1200,
      in_stock: true,
      stock_total: 5,
      image_urls: ['https://img/1.jpg', 'https://img/2.jpg'],
      tags: ['할인', 'sale'],
      updated_at: '2026-03-02T00:00:00.000Z',
    });
    expect(action.document.options.map((o) => o.sku)).toEqual(['A', 'B']);
  });

  it('gives the same actions whatever order the rows arrive in', () => {
    const base = rows();
    const shuffled = rows({
      options: [...base.options].reverse(),
      images: [...base.images].reverse(),
      categories: [...base.categories].reverse(),
    });
    expect(planIndexActions([7], shuffled, 0)).toEqual(planIndexActions([7], base, 0));
  });

  it('raises the version when only a shop or category the document shows changes', () => {
    const renamed = rows({
      shops: [
        {
          id: 3,
          name: 'Renamed',
          status: 'active',
          createdAt: t('2025-01-01T00:00:00Z'),
          updateTs: t('2026-06-01T00:00:00Z'),
        },
      ],
    });
    const [action] = planIndexActions([7], renamed, 0);
    expect(action.version).toBe(t('2026-06-01T00:00:00Z').getTime());
  });

  it('deletes an id missing from the DB with the time its absence was seen', () => {
    expect(planIndexActions([7, 99], rows(), 1234)).toContainEqual({
      kind: 'delete',
      id: 99,
      version: 1234,
      reason: 'missing',
    });
  });

  it('deletes hidden and soft-deleted products with their own version', () => {
    const hidden = rows();
    hidden.products[0] = { ...hidden.products[0], status: 'hidden' };
    expect(planIndexActions([7], hidden, 0)).toEqual([
      { kind: 'delete', id: 7, version: t('2026-03-02T00:00:00.000Z').getTime(), reason: 'not-searchable' },
    ]);
  });

  it('takes the products of a closed shop out of search with a version that moves, and back on reopening', () => {
    const shop = rows().shops[0];
    const closed = rows({ shops: [{ ...shop, status: 'closed', updateTs: t('2026-06-01T00:00:00Z') }] });
    expect(planIndexActions([7], closed, 0)).toEqual([
      { kind: 'delete', id: 7, version: t('2026-06-01T00:00:00Z').getTime(), reason: 'not-searchable' },
    ]);
    const reopened = rows({ shops: [{ ...shop, status: 'open', updateTs: t('2026-06-02T00:00:00Z') }] });
    const [action] = planIndexActions([7], reopened, 0);
    expect(action).toMatchObject({ kind: 'upsert', version: t('2026-06-02T00:00:00Z').getTime() });
  });

  it('falls back to the base price and no stock when a product has no options', () => {
    const [action] = planIndexActions([7], rows({ options: [] }), 0);
    expect(action.kind === 'upsert' && action.document).toMatchObject({
      price_min: 1000,
      price_max: 1000,
      in_stock: false,
    });
  });

  it('plans each id once', () => {
    expect(planIndexActions([7, 7, 7], rows(), 0)).toHaveLength(1);
  });
});

describe('categoryIdsOfPath', () => {
  it('reads a materialised path root first', () => {
    expect(categoryIdsOfPath('/1/5/23/')).toEqual([1, 5, 23]);
    expect(categoryIdsOfPath('')).toEqual([]);
  });
});
