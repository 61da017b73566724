import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import {
  createElasticsearchClient,
  createIndexForBulk,
  restoreServingSettings,
  swapAliases,
  type AliasPair,
} from '@keel/es-alias';
import { aliasPairOf, productIndexDefinition } from '@keel/product-index';
import { ProductIndexer } from '@keel/etl-core';
import { dialects, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { openSeededShop } from '@keel/etl-core/testing';
import {
  InvalidProductSearch,
  ProductSearcher,
  checkJoinEquivalence,
  describeOutcome,
  joinQuestions,
  readCatalogueFacts,
  searchDroppedTotal,
} from '../src';

const droppedMissing = async () =>
  (await searchDroppedTotal.get()).values.find((v) => v.labels.reason === 'missing')?.value ?? 0;

// The search read path on real MariaDB / PostgreSQL shop DBs and a real Elasticsearch node.
describe.each(dialects)('product search on %s', (dialect) => {
  let db: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let aliases: AliasPair;
  let searcher: ProductSearcher;
  const indices: string[] = [];
  const warnings: string[] = [];

  async function buildIndex(): Promise<string> {
    const index = await createIndexForBulk(
      client,
      aliases.readAlias,
      productIndexDefinition(),
      new Date(Date.now() + indices.length * 1000),
    );
    indices.push(index);
    const ids = await catalog.idRange();
    if (!ids) throw new Error('the seeded catalogue is empty');
    const indexer = new ProductIndexer(catalog, client, {
      index,
      source: 'test',
      batchSize: 500,
      deleteMissing: false,
    });
    await indexer.index(Array.from({ length: ids.maxId - ids.minId + 1 }, (_, i) => ids.minId + i));
    await restoreServingSettings(client, index);
    return index;
  }

  beforeAll(async () => {
    db = await openSeededShop(dialect, 'psearch', { products: 2000, seed: 11 });
    catalog = new ShopCatalog(db.dataSource);
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
    const alias = uniqueName('psearch');
    aliases = aliasPairOf(alias);
    await swapAliases(client, aliases, await buildIndex());
    searcher = new ProductSearcher(client, catalog, {
      readAlias: aliases.readAlias,
      logger: { warn: (message: string) => warnings.push(message) },
    });
  });

  afterAll(async () => {
    for (const index of indices) await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
    await db.drop();
  });

  it('join equivalence: at least 10 question shapes return the same ids in the same order as the JOIN queries', async () => {
    const questions = joinQuestions(await readCatalogueFacts(db.dataSource, catalog.dialect));
    const outcomes = await checkJoinEquivalence(db.dataSource, catalog, searcher, questions, {
      depth: 60,
      pageSize: 25,
    });
    expect(outcomes.filter((o) => !o.equal).map(describeOutcome)).toEqual([]);
    // questions with no answer would prove nothing
    expect(outcomes.filter((o) => o.joinIds.length > 0).length).toBeGreaterThanOrEqual(10);
    expect(outcomes.filter((o) => o.joinTotal > 25).length).toBeGreaterThanOrEqual(5);
  });

  it('a product deleted in the DB but still in the index is dropped and counted, and the page still fills', async () => {
    const search = { categoryId: (await readCatalogueFacts(db.dataSource, catalog.dialect)).departmentId };
    const before = await searcher.search({ search, first: 10 });
    expect(before.hits).toHaveLength(10);
    const gone = before.hits[3].product.id;
    const countedBefore = await droppedMissing();
    await db.dataSource.query(`DELETE FROM products WHERE id = ${gone}`);

    const after = await searcher.search({ search, first: 10 });
    const ids = after.hits.map((h) => h.product.id);
    expect(ids).not.toContain(gone);
    expect(ids).toHaveLength(10);
    expect(ids.slice(0, 9)).toEqual(
      before.hits.filter((h) => h.product.id !== gone).map((h) => h.product.id),
    );
    expect(after.hits.every((h) => h.product.nameKo.length > 0)).toBe(true);
    expect(after.dropped).toBe(1);
    expect(await droppedMissing()).toBe(countedBefore + 1);
    expect(warnings.some((w) => w.includes(`missing: [${gone}]`))).toBe(true);
  });

  it('a search during an alias swap neither fails nor returns an empty page', async () => {
    const first = indices[0];
    const second = await buildIndex();
    let swapping = true;
    const swapper = (async () => {
      try {
        for (let i = 0; i < 6; i++) await swapAliases(client, aliases, i % 2 === 0 ? second : first);
      } finally {
        swapping = false;
      }
    })();
    const sizes: number[] = [];
    let cursor: string | null = null;
    while (swapping || sizes.length < 5) {
      const page = await searcher.search({
        search: { inStock: true, sort: 'price_asc' },
        first: 20,
        after: cursor,
      });
      sizes.push(page.hits.length);
      // pages keep following the cursor across swaps: sort values, not an index's internals
      cursor = page.hasNextPage ? page.endCursor : null;
    }
    await swapper;
    expect(sizes.length).toBeGreaterThanOrEqual(5);
    expect(sizes.filter((n) => n === 0)).toEqual([]);
  });

  it('finds Korean and English words with the index analyzer, and refuses a cursor of another search', async () => {
    const [product] = await catalog.loadProductsByIds([(await catalog.idRange())?.minId ?? 1]);
    const koWord = product.nameKo.split(' ')[1] ?? product.nameKo;
    const ko = await searcher.search({ search: { text: koWord }, first: 5, facets: true });
    expect(ko.totalCount).toBeGreaterThan(0);
    expect(ko.hits.length).toBeGreaterThan(0);
    expect(ko.facets?.categories.length).toBeGreaterThan(0);
    expect(ko.facets?.prices.reduce((sum, b) => sum + b.count, 0)).toBe(ko.totalCount);
    const enWord = product.nameEn.split(' ')[1] ?? product.nameEn;
    const en = await searcher.search({ search: { text: enWord.toLowerCase() }, first: 5 });
    expect(en.hits.length).toBeGreaterThan(0);
    expect(en.hits.some((h) => h.product.nameEn.toLowerCase().includes(enWord.toLowerCase()))).toBe(true);

    const page = await searcher.search({ search: { text: koWord }, first: 1 });
    await expect(
      searcher.search({ search: { text: enWord }, first: 1, after: page.endCursor }),
    ).rejects.toThrow(InvalidProductSearch);
  });
});
