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
        rowVersion: 100,
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
    tags: [{ id: 4, nameKo: '할인', nameEn: 'sale', updateTs: t('2026-01-01T00:00:00.000Z'), rowVersion: 3 }],
    shops: [
      {
        id: 3,
        name: 'Keel Store',
        status: 'active',
        createdAt: t('2025-01-01T00:00:00.000Z'),
        updateTs: t('2025-01-01T00:00:00.000Z'),
        rowVersion: 5,
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
        rowVersion: 7,
      },
      {
        id: 23,
        parentId: 1,
        nameKo: '노트북',
        nameEn: 'Laptops',
        depth: 1,
        path: '/1/23/',
        updateTs: t('2025-01-01T00:00:00.000Z'),
        rowVersion: 11,
      },
    ],
    tombstones: [],
    versionFloor: 50,
    ...overrides,
  };
}

describe('planIndexActions', () => {
  it('builds a denormalised document whose version sums the counters of every row it shows', () => {
    const [action] = planIndexActions([7], rows());
    // product 100 + shop 5 + categories 7 and 11 + tag 3
    expect(action).toMatchObject({ kind: 'upsert', version: 126 });
    const document = (action as Extract<typeof action, { kind: 'upsert' }>).document;
    expect(document.version).toBe(126);
    expect(document).toMatchObject({
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
    expect(document.options.map((o) => o.sku)).toEqual(['A', 'B']);
  });

  it('gives the same actions whatever order the rows arrive in', () => {
    const base = rows();
    const shuffled = rows({
      options: [...base.options].reverse(),
      images: [...base.images].reverse(),
      categories: [...base.categories].reverse(),
    });
    expect(planIndexActions([7], shuffled)).toEqual(planIndexActions([7], base));
  });

  it('raises the version when only a shop, category or tag the document shows changes', () => {
    const base = planIndexActions([7], rows())[0].version;
    const shop = rows();
    shop.shops[0] = { ...shop.shops[0], name: 'Renamed', rowVersion: 6 };
    const category = rows();
    category.categories[0] = { ...category.categories[0], rowVersion: 8 };
    const tag = rows();
    tag.tags[0] = { ...tag.tags[0], rowVersion: 4 };
    for (const changed of [shop, category, tag])
      expect(planIndexActions([7], changed)[0].version).toBe(base + 1);
  });

  it('counts a category once when the path repeats it or lacks the product category', () => {
    const repeated = rows();
    repeated.categories[1] = { ...repeated.categories[1], path: '/1/1/23/23/' };
    expect(planIndexActions([7], repeated)[0].version).toBe(126);
    const lacking = rows();
    lacking.categories[1] = { ...lacking.categories[1], path: '/1/' };
    // category 23 still counts: it is the product's own category
    expect(planIndexActions([7], lacking)[0].version).toBe(126);
  });

  it('does not depend on update_ts: a row stamped in the past still moves the version by its counter', () => {
    const late = rows();
    late.products[0] = { ...late.products[0], updateTs: t('2000-01-01T00:00:00Z'), rowVersion: 101 };
    expect(planIndexActions([7], late)[0].version).toBe(127);
  });

  it('deletes an id missing from the DB with its tombstone, else with the floor', () => {
    const gone = rows({ tombstones: [{ productId: 99, version: 777 }] });
    expect(planIndexActions([7, 99, 98], gone)).toEqual(
      expect.arrayContaining([
        { kind: 'delete', id: 99, version: 777, reason: 'missing' },
        { kind: 'delete', id: 98, version: 50, reason: 'missing' },
      ]),
    );
  });

  it('refuses a version that a double cannot hold exactly', () => {
    const huge = rows();
    huge.products[0] = { ...huge.products[0], rowVersion: Number.MAX_SAFE_INTEGER };
    expect(() => planIndexActions([7], huge)).toThrow(RangeError);
  });

  it('deletes hidden and soft-deleted products with their own version', () => {
    const hidden = rows();
    hidden.products[0] = { ...hidden.products[0], status: 'hidden' };
    expect(planIndexActions([7], hidden)).toEqual([
      { kind: 'delete', id: 7, version: 126, reason: 'not-searchable' },
    ]);
  });

  it('takes the products of a closed shop out of search with a version that moves, and back on reopening', () => {
    const shop = rows().shops[0];
    // the trigger bumps the shop's counter on each change: 5 -> 6 (closed) -> 7 (reopened)
    const closed = rows({ shops: [{ ...shop, status: 'closed', rowVersion: 6 }] });
    const [gone] = planIndexActions([7], closed);
    expect(gone).toMatchObject({ kind: 'delete', id: 7, reason: 'not-searchable' });
    const [open] = planIndexActions([7], rows());
    expect(gone.version).toBe(open.version + 1);
    const reopened = rows({ shops: [{ ...shop, status: 'open', rowVersion: 7 }] });
    const [back] = planIndexActions([7], reopened);
    expect(back).toMatchObject({ kind: 'upsert', version: gone.version + 1 });
  });

  it('falls back to the base price and no stock when a product has no options', () => {
    const [action] = planIndexActions([7], rows({ options: [] }));
    expect(action.kind === 'upsert' && action.document).toMatchObject({
      price_min: 1000,
      price_max: 1000,
      in_stock: false,
    });
  });

  it('plans each id once', () => {
    expect(planIndexActions([7, 7, 7], rows())).toHaveLength(1);
  });
});

describe('categoryIdsOfPath', () => {
  it('reads a materialised path root first', () => {
    expect(categoryIdsOfPath('/1/5/23/')).toEqual([1, 5, 23]);
    expect(categoryIdsOfPath('')).toEqual([]);
    expect(categoryIdsOfPath('/1/x/1.5//-2/3/')).toEqual([1, 3]);
  });
});
