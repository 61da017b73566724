import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import { createElasticsearchClient, createIndexForBulk, restoreServingSettings } from '@keel/es-alias';
import { productIndexDefinition, writeAliasOf, type ProductDocument } from '@keel/product-index';
import { dialects, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { openSeededShop } from '../testing';
import { ProductBulkWriter, ProductIndexer, verifyIsClean, verifyRange, type IndexAction } from '../src';

// The invariants of design.md that the ETL core alone guarantees, on real databases and a real node.
describe.each(dialects)('ETL core on %s', (dialect) => {
  let db: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let index: string;
  let indexer: ProductIndexer;
  let range: { from: number; to: number };

  const source = async (id: number) =>
    (await client.get<ProductDocument>({ index, id: String(id) }, { ignore: [404] }))._source;

  beforeAll(async () => {
    db = await openSeededShop(dialect, 'etl', { products: 300, seed: 7 });
    catalog = new ShopCatalog(db.dataSource);
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
    index = await createIndexForBulk(client, uniqueName('etl'), productIndexDefinition());
    await restoreServingSettings(client, index);
    indexer = new ProductIndexer(catalog, client, {
      index,
      source: 'test',
      batchSize: 64,
      refresh: 'wait_for',
    });
    const ids = await catalog.idRange();
    if (!ids) throw new Error('the seeded catalogue is empty');
    range = { from: ids.minId, to: ids.maxId };
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
    await db.drop();
  });

  it('a delete through a write alias that does not exist yet creates no index and waits (retryable) instead', async () => {
    const missingAlias = writeAliasOf(uniqueName('etl-missing'));
    const writer = new ProductBulkWriter(client, {
      index: missingAlias,
      requireAlias: true,
      maxAttempts: 2,
      backoffBaseMs: 1,
      backoffMaxMs: 2,
    });
    const summary = await writer.write([{ kind: 'delete', id: 1, version: 5, reason: 'missing' }]);
    expect(summary.failed.map((f) => [f.id, f.retryable])).toEqual([[1, true]]);
    expect(await client.indices.exists({ index: missingAlias })).toBe(false);
  });

  it('replaying every id in any order, twice, leaves the index equal to the DB', async () => {
    const ids = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
    const shuffled = [...ids].sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
    const first = await indexer.index(shuffled);
    expect(first.failed).toEqual([]);
    // every searchable product (active, of a shop that is not closed) was written once
    expect(first.written).toBe((await indexer.plan(ids)).filter((a) => a.kind === 'upsert').length);
    expect(first.written).toBeGreaterThan(150);
    const replay = await indexer.index([...shuffled].reverse());
    expect(replay.failed).toEqual([]);
    const report = await verifyRange(indexer, client, range, { index, sampleEvery: 1 });
    expect({ missing: report.missing, extra: report.extra, stale: report.stale }).toEqual({
      missing: [],
      extra: [],
      stale: [],
    });
    expect(verifyIsClean(report)).toBe(true);
  });

  /** An active product among the seeded ones (3% are hidden, 2% soft-deleted). */
  async function activeProduct(fromId: number): Promise<number> {
    // searchable: an active product of a shop that is not closed (what the index holds)
    const planned = await indexer.plan(Array.from({ length: 40 }, (_, i) => fromId + i));
    const active = planned.find((a) => a.kind === 'upsert');
    if (!active) throw new Error(`no active product in ids ${fromId}..${fromId + 39}`);
    return active.id;
  }

  it('order does not matter: a stale write is rejected by Elasticsearch and counted', async () => {
    const id = await activeProduct(range.to - 39);
    const before: IndexAction[] = await indexer.plan([id]);
    await db.dataSource.query(`UPDATE products SET name_en = 'renamed after the event' WHERE id = ${id}`);
    expect(await indexer.index([id])).toMatchObject({ written: 1, failed: [] });

    // the document read before the update arrives last
    const stale = await new ProductBulkWriter(client, { index, refresh: 'wait_for' }).write(before);
    expect(stale).toMatchObject({ written: 0, stale: 1, failed: [] });
    expect((await source(id))?.name_en).toBe('renamed after the event');
  });

  it('deletes propagate: a deleted row deletes its document, and a late upsert cannot bring it back', async () => {
    const [active] = (
      await catalog.loadProductsByIds(Array.from({ length: 50 }, (_, i) => range.from + i))
    ).filter((p) => p.status === 'active');
    const before = await indexer.plan([active.id]);
    expect(await source(active.id)).toBeDefined();

    await db.dataSource.query(`DELETE FROM products WHERE id = ${active.id}`);
    const summary = await indexer.index([active.id]);
    expect(summary).toMatchObject({ deleted: 1, failed: [] });
    expect(await source(active.id)).toBeUndefined();

    const late = await new ProductBulkWriter(client, { index, refresh: 'wait_for' }).write(before);
    expect(late).toMatchObject({ written: 0, stale: 1 });
    expect(await source(active.id)).toBeUndefined();
  });

  it('a product hidden by hand in SQL leaves the index on the next pass', async () => {
    const [active] = (
      await catalog.loadProductsByIds(Array.from({ length: 80 }, (_, i) => range.from + 60 + i))
    ).filter((p) => p.status === 'active');
    await db.dataSource.query(`UPDATE products SET status = 'hidden' WHERE id = ${active.id}`);
    expect(await indexer.index([active.id])).toMatchObject({ deleted: 1 });
    expect(await source(active.id)).toBeUndefined();
  });

  it('a child row change raises the version and reaches the document', async () => {
    const id = await activeProduct(range.from + 150);
    const [option] = await catalog.loadOptionsByProductIds([id]);
    await indexer.index([id]);
    const before = (await source(id))?.version ?? 0;
    await db.dataSource.query(`UPDATE product_options SET stock = 12345 WHERE id = ${option.id}`);
    expect(await indexer.index([id])).toMatchObject({ written: 1, stale: 0 });
    const doc = await source(id);
    expect(doc?.options.find((o) => o.sku === option.sku)?.stock).toBe(12345);
    expect(doc?.version).toBeGreaterThan(before);
  });
});
