import { CatalogSimulator, seedCatalog, type SimulatedChange } from '../src';
import { type IsolatedShopDb, dialects, openIsolatedShopDb } from './isolated-shop-db';

interface Row {
  id: number;
  name_en: string;
  status: string;
  options: string;
}

describe.each(dialects)('CatalogSimulator.changeBatch on %s', (dialect) => {
  let db: IsolatedShopDb;

  beforeAll(async () => {
    db = await openIsolatedShopDb(dialect);
    await seedCatalog(db.dataSource, { products: 400, seed: 11 });
  });
  afterAll(async () => {
    await db?.drop();
  });

  /** Every product with its options' prices and stock, read straight from the tables. */
  const snapshot = async () => {
    const products = (await db.dataSource.query('SELECT id, name_en, status FROM products')) as Row[];
    const options = (await db.dataSource.query(
      'SELECT product_id, id, price, stock FROM product_options ORDER BY id',
    )) as { product_id: unknown; id: unknown; price: unknown; stock: unknown }[];
    const byProduct = new Map<number, string[]>();
    for (const o of options) {
      const id = Number(o.product_id);
      byProduct.set(id, [
        ...(byProduct.get(id) ?? []),
        `${Number(o.id)}:${Number(o.price)}:${Number(o.stock)}`,
      ]);
    }
    return new Map(
      products.map((p) => [Number(p.id), { ...p, options: (byProduct.get(Number(p.id)) ?? []).join(',') }]),
    );
  };

  it('writes a batch of distinct products in one go, each change visible in the rows and published once', async () => {
    const published: number[][] = [];
    const simulator = new CatalogSimulator(db.dataSource, {
      seed: 5,
      publish: async (ids) => {
        published.push([...ids]);
      },
    });
    const before = await snapshot();
    const changes = await simulator.changeBatch(120);
    const after = await snapshot();
    expect(changes.length).toBeGreaterThan(100);
    expect(new Set(changes.map((c) => c.productId)).size).toBe(changes.length);
    expect(published).toEqual([changes.map((c) => c.productId)]);
    const kinds = new Set(changes.map((c) => c.kind));
    expect(kinds.has('rename') && kinds.has('status-toggle') && kinds.has('option-price')).toBe(true);
    const unchanged = changes.filter((c: SimulatedChange) => {
      const was = before.get(c.productId);
      const now = after.get(c.productId);
      switch (c.kind) {
        case 'hard-delete':
          return now !== undefined;
        case 'rename':
          return now?.name_en === was?.name_en;
        case 'status-toggle':
          return now?.status === was?.status;
        default:
          return now?.options === was?.options;
      }
    });
    expect(unchanged).toEqual([]);
    // products the batch did not name are untouched
    const named = new Set(changes.map((c) => c.productId));
    const touched = [...before.keys()].filter(
      (id) => !named.has(id) && JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)),
    );
    expect(touched).toEqual([]);
  });

  it('concurrent batches over the same products all commit (locks taken in id order)', async () => {
    const simulators = [1, 2, 3, 4].map(
      (seed) => new CatalogSimulator(db.dataSource, { seed, publish: async () => undefined }),
    );
    const results = await Promise.all(simulators.map((s) => s.changeBatch(150)));
    for (const changes of results) expect(changes.length).toBeGreaterThan(0);
  });

  it('run() with batches counts and publishes every change it made', async () => {
    let published = 0;
    const simulator = new CatalogSimulator(db.dataSource, {
      seed: 9,
      publish: async (ids) => {
        published += ids.length;
      },
    });
    const report = await simulator.run({ rate: 2000, durationMs: 1500, concurrency: 2, batchSize: 200 });
    expect(report.changes).toBeGreaterThan(0);
    expect(published).toBe(report.changes);
  });
});
