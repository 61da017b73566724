import { buildCategoryTree } from './category-tree';
import { childIdStride, generateShop, planCatalog, productBatches } from './catalog-generator';

describe('buildCategoryTree', () => {
  it('builds three levels with materialised paths of ancestor ids', () => {
    const { categories, leaves } = buildCategoryTree();
    expect(categories.length).toBeGreaterThanOrEqual(100);
    expect(categories.length).toBeLessThanOrEqual(200);
    const byId = new Map(categories.map((c) => [c.id, c]));
    for (const c of categories) {
      const parent = c.parentId === null ? undefined : byId.get(c.parentId);
      expect(c.path).toBe(`${parent?.path ?? '/'}${c.id}/`);
      expect(c.depth).toBe(c.path.split('/').length - 2);
    }
    expect(leaves.every((l) => l.category.depth === 3)).toBe(true);
  });
});

describe('productBatches', () => {
  const all = (seed: number, products: number, batchSize: number) =>
    [...productBatches(planCatalog(seed, products), batchSize)].flat();

  it('is deterministic and independent of the batch size', () => {
    const a = all(7, 500, 64);
    expect(a).toHaveLength(500);
    expect(all(7, 500, 500)).toEqual(a);
    expect(all(8, 500, 64)).not.toEqual(a);
    // the first products of a bigger catalogue are the same products
    expect(all(7, 800, 100).slice(0, 500)).toEqual(a);
  });

  it('draws realistic shares of statuses, options, images, tags and hard deletes', () => {
    const bundles = all(1, 20_000, 1000);
    const share = (status: string) =>
      bundles.filter((b) => b.product.status === status).length / bundles.length;
    expect(share('hidden')).toBeCloseTo(0.03, 1);
    expect(share('deleted')).toBeCloseTo(0.02, 1);
    const lastId = bundles[bundles.length - 1]?.product.id ?? 0;
    expect(lastId).toBeGreaterThan(20_000);
    expect(lastId).toBeLessThan(20_500);
    for (const b of bundles.slice(0, 2000)) {
      expect(b.options.length).toBeGreaterThanOrEqual(1);
      expect(b.options.length).toBeLessThanOrEqual(5);
      expect(b.images.length).toBeLessThanOrEqual(4);
      expect(b.tags.length).toBeLessThanOrEqual(3);
      for (const child of [...b.options, ...b.images]) {
        expect(Math.floor(child.id / childIdStride)).toBe(b.product.id);
      }
    }
    expect(bundles.some((b) => b.options.some((o) => o.stock === 0))).toBe(true);
    expect(bundles.some((b) => /[가-힣]/.test(b.product.nameKo))).toBe(true);
  });

  it('gives shops Zipf-skewed sizes: a few huge, many small', () => {
    const plan = planCatalog(3, 15_000);
    const counts = new Map<number, number>();
    for (const b of [...productBatches(plan, 5000)].flat())
      counts.set(b.product.shopId, (counts.get(b.product.shopId) ?? 0) + 1);
    const sizes = [...counts.values()].sort((a, b) => b - a);
    expect(sizes[0]).toBeGreaterThan(15_000 * 0.05);
    const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
    expect(sizes[0]).toBeGreaterThan(10 * median);
  });

  it('generates shops deterministically', () => {
    expect(generateShop(1, 5)).toEqual(generateShop(1, 5));
    expect(generateShop(1, 5).name).toMatch(/5호점$/);
  });
});
