import type { Client } from '@elastic/elasticsearch';
import { FRESHNESS_CANARY_BRAND, ShopCatalog, withCatalogSession } from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import type { AliasPair } from '@keel/es-alias';
import { ProductIndexer } from '@keel/etl-core';
import {
  ProductChangePublisher,
  createKafka,
  parseProductChangeEvent,
  type Admin,
  type Consumer,
  type Kafka,
} from '@keel/kafka-bus';
import { ProductSearcher } from '@keel/product-search';
import {
  dialects,
  eventually,
  openIsolatedDb,
  stackEnv,
  uniqueName,
  type IsolatedDb,
} from '@keel/test-harness';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { FreshnessCanary } from '../src/freshness/freshness-canary';
import { FreshnessProbeService, FreshnessTimeout } from '../src/freshness/freshness-probe.service';
import { FreshnessRpcController } from '../src/freshness/freshness-rpc.controller';
import { FreshnessScheduler } from '../src/freshness/freshness.scheduler';
import { indexFreshnessProbesTotal, indexFreshnessSeconds } from '../src/freshness/freshness.metrics';
import { closeServingIndex, openSeededShop, openServingIndex } from '@keel/etl-core/testing';
import { batchAppConfig } from './support';

// Issue 16 item 4 on real MariaDB / PostgreSQL (shop), Kafka, ZooKeeper and Elasticsearch: the running
// app's elected freshness probe commits a canary change, publishes its id on the change topic and
// waits for it on the read alias. The stream indexer is an app of its own (not importable here), so
// this test runs a small consumer on the same topic that indexes each id through the ETL core's
// ProductIndexer, the path the stream indexer uses. The canary is then deleted in a SQL console (as a
// reseed would): the probe creates it again. Product search never returns it.
describe.each(dialects)('freshness probe on %s', (dialect: SqlDialect) => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let client: Client;
  let kafka: Kafka;
  let admin: Admin;
  let consumer: Consumer;
  let aliases: AliasPair;
  let index: string;
  const topic = uniqueName('catalog.product-changed');

  const sql = (text: string, params: unknown[] = []) =>
    withCatalogSession(shop.dataSource, dialect, (q) => q<{ id: string }>(text, params));
  const observations = async () =>
    (await indexFreshnessSeconds.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;

  beforeAll(async () => {
    shop = await openSeededShop(dialect, 'fresh', { products: 30, seed: 7 });
    // no batch tables: the app creates its own
    platform = await openIsolatedDb('postgres', { prefix: 'fresh' });
    ({ client, aliases, index } = await openServingIndex('products-fresh'));
    const catalog = new ShopCatalog(shop.dataSource);
    const indexer = new ProductIndexer(catalog, client, { index: aliases.writeAlias, source: 'test' });
    await indexer.index((await sql('SELECT id FROM products ORDER BY id')).map((r) => Number(r.id)));

    kafka = createKafka({ clientId: 'freshness-test', brokers: stackEnv().kafkaBrokers });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    // stands in for the stream indexer: each event's id re-read from the DB and indexed
    consumer = kafka.consumer({ groupId: uniqueName('freshness-stream') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const event = parseProductChangeEvent(message.value, { topic, partition, offset: message.offset });
        await indexer.index([event.id]);
      },
    });
  }, 60_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
    await closeServingIndex({ client, index });
    await shop?.drop();
    await platform?.drop();
  });

  it('observes commit-to-searchable of a canary, recreates a deleted canary, and search never returns it', async () => {
    const before = await observations();
    const config = batchAppConfig({ shop, platform }, aliases.writeAlias, {
      KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','),
      PRODUCT_CHANGED_TOPIC: topic,
      PRODUCTS_READ_ALIAS: aliases.readAlias,
      BATCH_ELECTION: uniqueName('batch-scheduler'),
      BATCH_INTERVAL_MS: '3600000',
      REPAIR_ENABLED: 'false',
      FRESHNESS_ELECTION: uniqueName('freshness-probe'),
      FRESHNESS_INTERVAL_MS: '200',
      FRESHNESS_TIMEOUT_MS: '10000',
    });
    const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    try {
      const probe = app.get(FreshnessProbeService);
      const first = await eventually(
        async () => (probe.record.summary().count > 0 ? probe.record.summary() : undefined),
        { what: 'a first canary searchable through the read alias', timeoutMs: 20_000 },
      );
      expect(app.get(FreshnessScheduler).isLeader()).toBe(true);
      expect(await observations()).toBeGreaterThan(before);
      expect(first.p50Seconds).toBeGreaterThan(0);
      // what the gateway's indexFreshness is answered with (the RPC handler, called in-process)
      expect(app.get(FreshnessRpcController).freshness()).toMatchObject({
        probing: true,
        windowSeconds: 3600,
        p50Seconds: expect.any(Number),
        p99Seconds: expect.any(Number),
        last: { committedAt: expect.any(String), seconds: expect.any(Number) },
      });
      const [canary] = await sql('SELECT id FROM products WHERE brand = ?', [FRESHNESS_CANARY_BRAND]);
      const canaryId = Number(canary.id);

      // the canary is in the index (it went through the real path) ...
      const indexed = await client.search({
        index: aliases.readAlias,
        query: { term: { brand: FRESHNESS_CANARY_BRAND } },
      });
      expect(indexed.hits.hits.map((h) => Number(h._id))).toEqual([canaryId]);
      // ... and product search never returns it: not listed, not counted, not found by its words
      const searcher = new ProductSearcher(client, new ShopCatalog(shop.dataSource), {
        readAlias: aliases.readAlias,
      });
      const all = await searcher.search({ first: 100, facets: true });
      const [{ n }] = (await sql(
        `SELECT COUNT(*) AS n FROM products WHERE status = 'active'
           AND shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed') AND (brand IS NULL OR brand <> ?)`,
        [FRESHNESS_CANARY_BRAND],
      )) as unknown as { n: string }[];
      expect(all.hits.map((h) => h.product.id)).not.toContain(canaryId);
      expect(all.totalCount).toBe(Number(n));
      const byWords = await searcher.search({ search: { text: 'keel freshness canary' } });
      expect(byWords.hits.map((h) => h.product.id)).not.toContain(canaryId);
      const byShop = await searcher.search({ search: { shopIds: [await canaryShop()] } });
      expect(byShop.totalCount).toBe(0);

      // deleted in a SQL console (or truncated by a reseed): the probe creates a new canary
      await sql('DELETE FROM products WHERE id = ?', [canaryId]);
      const recreated = await eventually(
        async () => {
          const rows = await sql('SELECT id FROM products WHERE brand = ?', [FRESHNESS_CANARY_BRAND]);
          const id = rows.length === 1 ? Number(rows[0].id) : undefined;
          return id !== undefined && id !== canaryId && probe.record.summary().count > first.count
            ? id
            : undefined;
        },
        { what: 'a new canary after a console delete, searchable', timeoutMs: 20_000 },
      );
      expect(recreated).not.toBe(canaryId);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('counts a timeout, and observes nothing, when no indexer consumes the event (stream down)', async () => {
    const silent = uniqueName('catalog.product-changed-unconsumed');
    await admin.createTopics({ topics: [{ topic: silent, numPartitions: 1 }], waitForLeaders: true });
    const publisher = new ProductChangePublisher(kafka, silent);
    await publisher.connect();
    try {
      const probe = new FreshnessProbeService(new FreshnessCanary(shop.dataSource), publisher, client, {
        readAlias: aliases.readAlias,
        timeoutMs: 1_500,
        pollMs: 50,
      });
      const before = await observations();
      const timeouts = async () =>
        (await indexFreshnessProbesTotal.get()).values.find((v) => v.labels.outcome === 'timeout')?.value ??
        0;
      const timeoutsBefore = await timeouts();
      await expect(probe.probe()).rejects.toBeInstanceOf(FreshnessTimeout);
      expect(await timeouts()).toBe(timeoutsBefore + 1);
      expect(await observations()).toBe(before);
      expect(probe.record.summary().count).toBe(0);
    } finally {
      await publisher.disconnect();
      await admin.deleteTopics({ topics: [silent] }).catch(() => undefined);
    }
  }, 30_000);

  async function canaryShop(): Promise<number> {
    const [row] = await sql("SELECT id FROM shops WHERE name = 'keel freshness canary'");
    return Number(row.id);
  }
});
