import { ShopCatalog } from '@keel/catalog';
import { dialects, type IsolatedDb } from '@keel/test-harness';
import { openSeededShop } from '../testing';
import { loadCatalogRows, loadCatalogRowsOfRange, planIndexActions, planRangeRebuild } from '../src';

// A rebuild reads a contiguous id range with BETWEEN range scans instead of lists of ids: it must
// plan exactly the actions the by-id loads plan, deleted products (tombstones), hidden ones,
// closed shops and ids past the end included.
describe.each(dialects)('range loads on %s', (dialect) => {
  let db: IsolatedDb;
  let catalog: ShopCatalog;
  const q = (sql: string) => db.dataSource.query(sql);
  const idsOf = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  beforeAll(async () => {
    db = await openSeededShop(dialect, 'rangeloads', { products: 400, seed: 7 });
    catalog = new ShopCatalog(db.dataSource);
    // gone products leave tombstones; a hidden product and a closed shop make deletes of their own
    await q('DELETE FROM products WHERE id IN (5, 17, 18, 250)');
    await q("UPDATE products SET status = 'hidden' WHERE id IN (6, 260)");
    await q("UPDATE shops SET status = 'closed' WHERE id = 1");
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('plans the same actions as the by-id loads, range by range', async () => {
    for (let from = 1; from <= 450; from += 100) {
      const range = { from, to: from + 99 };
      const ids = idsOf(range.from, range.to);
      const byIds = planIndexActions(ids, await loadCatalogRows(catalog, ids));
      const byRange = planIndexActions(ids, await loadCatalogRowsOfRange(catalog, range));
      expect(byRange).toEqual(byIds);
    }
  });

  it('a rebuild plan leaves out only the deletes of ids the DB lacks', async () => {
    const range = { from: 1, to: 100 };
    const byIds = planIndexActions(idsOf(1, 100), await loadCatalogRows(catalog, idsOf(1, 100)));
    const planned = await planRangeRebuild(catalog, range);
    expect(planned.actions).toEqual(byIds.filter((a) => !(a.kind === 'delete' && a.reason === 'missing')));
    const kinds = new Set(planned.actions.map((a) => (a.kind === 'delete' ? a.reason : a.kind)));
    expect(kinds).toEqual(new Set(['upsert', 'not-searchable']));
  });
});
