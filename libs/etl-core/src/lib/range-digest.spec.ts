import type { ProductRow } from '@keel/catalog';
import { digestOfActions } from './index-comparison';
import { planIndexActions, type CatalogRows } from './product-document';
import { digestFromGroups, type ProductGroup, type TagLinkGroup } from './range-digest';

const t = new Date('2026-01-01T00:00:00.000Z');
const product = (
  id: number,
  shopId: number,
  categoryId: number,
  rowVersion: number,
  status = 'active',
): ProductRow =>
  ({
    id,
    shopId,
    categoryId,
    nameKo: `상품 ${id}`,
    nameEn: `product ${id}`,
    description: '',
    brand: null,
    status,
    basePrice: 1000,
    popularityScore: 0,
    createdAt: t,
    updateTs: t,
    rowVersion,
  }) as ProductRow;
const shop = (id: number, status: string, rowVersion: number) => ({
  id,
  name: `shop ${id}`,
  status,
  createdAt: t,
  updateTs: t,
  rowVersion,
});
const category = (id: number, path: string, rowVersion: number) => ({
  id,
  parentId: null,
  nameKo: `분류 ${id}`,
  nameEn: `category ${id}`,
  depth: path.split('/').length - 3,
  path,
  updateTs: t,
  rowVersion,
});

const rows: CatalogRows = {
  products: [
    product(1, 10, 23, 100),
    product(2, 10, 23, 200),
    product(3, 11, 5, 300), // closed shop
    product(4, 10, 5, 400, 'hidden'),
    product(5, 12, 99, 500), // shop row and category row missing
    product(6, 10, 5, 600),
  ],
  options: [],
  images: [],
  productTags: [
    { productId: 1, tagId: 4, updateTs: t },
    { productId: 1, tagId: 8, updateTs: t }, // tag row missing
    { productId: 3, tagId: 4, updateTs: t },
    { productId: 6, tagId: 4, updateTs: t },
  ],
  tags: [{ id: 4, nameKo: '할인', nameEn: 'sale', updateTs: t, rowVersion: 3 }],
  shops: [shop(10, 'open', 5), shop(11, 'closed', 9)],
  categories: [category(1, '/1/', 7), category(23, '/1/23/', 11), category(5, '/5/', 13)],
  tombstones: [],
  versionFloor: 1,
} as CatalogRows;

/** What the two SQL aggregates return for these rows. */
function aggregate(data: CatalogRows): { groups: ProductGroup[]; links: TagLinkGroup[] } {
  const searchable = data.products.filter((p) => p.status === 'active');
  const groups = new Map<string, ProductGroup>();
  for (const p of searchable) {
    const key = `${p.shopId}/${p.categoryId}`;
    const g = groups.get(key) ?? {
      shopId: p.shopId,
      categoryId: p.categoryId,
      count: 0,
      rowVersionSum: 0,
      idSum: 0,
    };
    g.count += 1;
    g.rowVersionSum += p.rowVersion;
    g.idSum += p.id;
    groups.set(key, g);
  }
  const links = new Map<string, TagLinkGroup>();
  for (const l of data.productTags) {
    const p = searchable.find((s) => s.id === l.productId);
    if (!p) continue;
    const key = `${p.shopId}/${l.tagId}`;
    const g = links.get(key) ?? { shopId: p.shopId, tagId: l.tagId, count: 0 };
    g.count += 1;
    links.set(key, g);
  }
  return { groups: [...groups.values()], links: [...links.values()] };
}

describe('digestFromGroups', () => {
  it('equals the digest of the documents the DB plans (closed shops, hidden products, missing parents)', () => {
    const { groups, links } = aggregate(rows);
    const fromAggregates = digestFromGroups(groups, links, rows);
    const fromDocuments = digestOfActions(planIndexActions([1, 2, 3, 4, 5, 6], rows));
    expect(fromAggregates).toEqual(fromDocuments);
    expect(fromAggregates.count).toBe(4);
  });

  it('moves when only a parent changes (a shop renamed bumps its counter)', () => {
    const { groups, links } = aggregate(rows);
    const before = digestFromGroups(groups, links, rows);
    const renamed = { ...rows, shops: [shop(10, 'open', 6), shop(11, 'closed', 9)] };
    // products 1, 2 and 6 show shop 10
    expect(digestFromGroups(groups, links, renamed).versionSum).toBe(before.versionSum + 3);
  });
});
