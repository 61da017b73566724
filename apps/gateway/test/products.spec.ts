import 'reflect-metadata';
import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog, catalogEntities, runCatalogMigrations, seedCatalog } from '@keel/catalog';
import { DatabaseModule } from '@keel/datasource';
import {
  ElasticsearchModule,
  createElasticsearchClient,
  createIndexForBulk,
  restoreServingSettings,
  swapAliases,
} from '@keel/es-alias';
import { aliasPairOf, productIndexDefinition } from '@keel/product-index';
import { ProductIndexer } from '@keel/etl-core';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import { openIsolatedDb, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { AddressInfo } from 'node:net';
import { ProductsModule } from '../src/products/products.module';

interface GraphQLResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

const pageQuery = `
  query Page($search: ProductSearchInput, $first: Int, $after: String) {
    products(search: $search, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      facets { categories { id count } shops { id count } prices { from to count } }
      edges {
        cursor
        node {
          id nameKo nameEn basePrice createdAt
          shop { id name }
          category { id nameEn path }
          options { sku price stock }
          images { url }
          tags { nameKo nameEn }
        }
      }
    }
  }`;

// The products GraphQL module in a small Nest app of its own, over real HTTP, on an isolated MariaDB
// shop DB and a unique Elasticsearch index.
describe('gateway products (GraphQL)', () => {
  let db: IsolatedDb;
  let client: Client;
  let index: string;
  let app: INestApplication;
  let baseUrl: string;

  const post = async (query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse;
  };

  const shopQueries = async (): Promise<number> => {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const line = text
      .split('\n')
      .find((l) => l.startsWith('keel_db_queries_total{') && l.includes('role="shop"'));
    return Number(line?.split(' ').at(-1) ?? 0);
  };

  const queriesOf = async (variables: Record<string, unknown>) => {
    const before = await shopQueries();
    const response = await post(pageQuery, variables);
    expect(response.errors).toBeUndefined();
    return { queries: (await shopQueries()) - before, response };
  };

  const errorOf = async (query: string, variables: Record<string, unknown>) => {
    const response = await post(query, variables);
    expect(response.errors).toHaveLength(1);
    return response.errors?.[0];
  };

  beforeAll(async () => {
    db = await openIsolatedDb('mysql', { entities: catalogEntities, prefix: 'gwproducts' });
    await runCatalogMigrations(db.dataSource);
    await seedCatalog(db.dataSource, { products: 1000, seed: 5 });
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
    const alias = uniqueName('gwproducts');
    index = await createIndexForBulk(client, alias, productIndexDefinition());
    const catalog = new ShopCatalog(db.dataSource);
    const range = await catalog.idRange();
    if (!range) throw new Error('the seeded catalogue is empty');
    await new ProductIndexer(catalog, client, {
      index,
      source: 'test',
      batchSize: 500,
      deleteMissing: false,
    }).index(Array.from({ length: range.maxId - range.minId + 1 }, (_, i) => range.minId + i));
    await restoreServingSettings(client, index);
    await swapAliases(client, aliasPairOf(alias), index);

    @Module({
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'gateway-products-test', logLevel: 'warn' }),
        DatabaseModule.forRoot({ role: 'shop', url: db.url }),
        ElasticsearchModule.forRoot({ url: stackEnv().elasticsearchUrl }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          path: '/graphql',
        }),
        ProductsModule.forRoot({ readAlias: alias, maxPageSize: 50 }),
      ],
    })
    class ProductsTestApp {}

    app = await NestFactory.create(ProductsTestApp, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app?.close();
    await client?.indices.delete({ index, ignore_unavailable: true });
    await client?.close();
    await db?.drop();
  });

  it('a page of 50 products with shop, category, options, images and tags costs as many DB queries as a page of 10', async () => {
    const search = { inStock: true, sort: 'PRICE_ASC' };
    // the pool's connections set their UTC session once each, on first use: a warm-up page takes that,
    // so what is compared below is what a page costs
    await queriesOf({ search, first: 50 });
    const small = await queriesOf({ search, first: 10 });
    const large = await queriesOf({ search, first: 50 });
    const edges = (
      large.response.data?.['products'] as { edges: { node: { options: unknown[]; shop: unknown } }[] }
    ).edges;
    expect(edges).toHaveLength(50);
    expect(edges.every((e) => e.node.shop !== null && e.node.options.length > 0)).toBe(true);
    expect(large.queries).toBe(small.queries);
    // products, shops, categories, options, images, tag links, tags: one statement each
    expect(large.queries).toBeGreaterThanOrEqual(7);
    expect(large.queries).toBeLessThanOrEqual(14);
  });

  it('pages follow the cursor without overlap, in price order, with facets and pageInfo', async () => {
    const search = { inStock: true, sort: 'PRICE_ASC' };
    type Page = {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      facets: { prices: { count: number }[]; categories: unknown[] };
      edges: { node: { id: string; options: { price: number; stock: number }[] } }[];
    };
    const first = (await post(pageQuery, { search, first: 20 })).data?.['products'] as Page;
    const second = (await post(pageQuery, { search, first: 20, after: first.pageInfo.endCursor })).data?.[
      'products'
    ] as Page;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const ids = [...first.edges, ...second.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(40);
    const lowest = [...first.edges, ...second.edges].map((e) =>
      Math.min(...e.node.options.map((o) => o.price)),
    );
    expect(lowest).toEqual([...lowest].sort((a, b) => a - b));
    expect(first.facets.prices.reduce((sum, b) => sum + b.count, 0)).toBe(first.totalCount);
    expect(first.facets.categories.length).toBeGreaterThan(0);

    const one = await post('query One($id: ID!) { product(id: $id) { id nameEn shop { name } } }', {
      id: ids[0],
    });
    expect(one.data?.['product']).toMatchObject({ id: ids[0] });
    const none = await post('query { product(id: "999999999") { id } }');
    expect(none).toEqual({ data: { product: null } });
  });

  it('bad input is a BAD_USER_INPUT error naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ first: 51 }, 'first'],
      [{ first: 0 }, 'first'],
      [{ search: { text: 'x'.repeat(201) } }, 'search.text'],
      [{ search: { minPrice: 5000, maxPrice: 100 } }, 'search.maxPrice'],
      [{ search: { minPrice: -1 } }, 'search.minPrice'],
      [{ search: { shopIds: ['one'] } }, 'search.shopIds'],
      [{ search: { categoryId: '0' } }, 'search.categoryId'],
      [{ after: 'not-a-cursor' }, 'after'],
    ];
    for (const [variables, field] of cases) {
      const error = await errorOf(pageQuery, variables);
      expect({ field, extensions: error?.extensions }).toEqual({
        field,
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }),
      });
      expect(error?.message).toContain(`"${field}"`);
    }
    const page = (await post(pageQuery, { search: { sort: 'NEWEST' }, first: 1 })).data?.['products'] as {
      pageInfo: { endCursor: string };
    };
    const foreign = await errorOf(pageQuery, {
      search: { sort: 'PRICE_DESC' },
      after: page.pageInfo.endCursor,
    });
    expect(foreign?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(foreign?.message).toContain('different search');
    const badId = await errorOf('query { product(id: "abc") { id } }', {});
    expect(badId?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});
