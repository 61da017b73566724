import type { Client } from '@elastic/elasticsearch';
import type { AliasPair } from '@keel/es-alias';
import { ShopCatalog } from '@keel/catalog';
import { ProductIndexer, verifyCatalogue } from '@keel/etl-core';
import { closeServingIndex, openSeededShop, openServingIndex } from '@keel/etl-core/testing';
import type { ProductDocument } from '@keel/product-index';
import { ProductChangePublisher, createProducer, type Kafka } from '@keel/kafka-bus';
import { openChangeTopic, type ChangeTopic } from '@keel/kafka-bus/testing';
import { dialects, eventually, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { Logger } from '@nestjs/common';
import { StreamIndexerService, type StreamIndexerSettings } from '../src/stream/stream-indexer.service';

// Invariant 3 (nothing is lost) when Elasticsearch refuses single documents, on real Kafka,
// Elasticsearch and both shop DBs. Per-item 429s come from Elasticsearch itself: the
// `index.blocks.read_only_allow_delete` block (what the flood-stage disk watermark sets) makes it
// answer every item of a bulk with 429 `cluster_block_exception`, while the request succeeds.
describe.each(dialects)('stream indexer failures on %s', (dialect) => {
  let db: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let changes: ChangeTopic;
  let kafka: Kafka;
  let publisher: ProductChangePublisher;
  let index: string;
  let writeAlias: string;
  let indexer: ProductIndexer;
  let active: number[];
  const topic = uniqueName(`stream-failures-${dialect}`);
  const deadLetterTopic = `${topic}.dlq`;
  const running: StreamIndexerService[] = [];

  const settings = (groupId: string): StreamIndexerSettings => ({
    topic,
    deadLetterTopic,
    partitions: 2,
    groupId,
    roundSize: 100,
    // as the app runs: both partitions at once, their rounds joined into one indexing run
    partitionsConcurrency: 2,
    backoff: { baseMs: 50, maxMs: 400 },
    dependenciesUp: async () => {
      await db.dataSource.query('SELECT 1');
      await client.cluster.health({ timeout: '5s' });
    },
  });
  const start = async (groupId: string) => {
    const service = new StreamIndexerService(kafka, indexer, settings(groupId), new Logger('failures'));
    running.push(service);
    await service.start();
    return service;
  };
  const total = (t: string) => changes.endOffsets(t);
  const committed = (groupId: string) => changes.committedOffsets(groupId);
  const caughtUp = (groupId: string) =>
    eventually(async () => (await committed(groupId)) === (await total(topic)), {
      what: `group ${groupId} at the end of ${topic}`,
      timeoutMs: 60_000,
      intervalMs: 200,
    });
  const verify = async () => {
    const report = await verifyCatalogue(catalog, client, { index: writeAlias });
    return { missing: report.missing, extra: report.extra, stale: report.stale };
  };
  const doc = async (id: number) =>
    (await client.get<ProductDocument>({ index: writeAlias, id: String(id) }, { ignore: [404] }))._source;

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await openSeededShop(dialect, 'streamfail', { products: 60, seed: 3 });
    catalog = new ShopCatalog(db.dataSource);
    let aliases: AliasPair;
    ({ client, aliases, index } = await openServingIndex('streamfail'));
    writeAlias = aliases.writeAlias;
    indexer = new ProductIndexer(catalog, client, {
      index: writeAlias,
      requireAlias: true,
      source: 'stream',
      deleteMissing: true,
      refresh: true,
      maxAttempts: 3,
      backoffBaseMs: 20,
      backoffMaxMs: 100,
    });
    changes = await openChangeTopic('stream-failures-test', topic, { partitions: 2 });
    ({ kafka, publisher } = changes);
    const range = await catalog.idRange();
    if (!range) throw new Error('empty catalogue');
    const ids = Array.from({ length: range.maxId - range.minId + 1 }, (_, i) => range.minId + i);
    // searchable: active, in an open shop (what the index holds)
    active = (await indexer.plan(ids)).filter((a) => a.kind === 'upsert').map((a) => a.id);
    await indexer.index(ids);
  });

  afterEach(async () => {
    for (const service of running.splice(0)) await service.stop();
  });

  afterAll(async () => {
    await changes?.close();
    await closeServingIndex({ client, index });
    await db?.drop();
  });

  it('per-item 429s from Elasticsearch pause the partition, lose nothing and dead-letter nothing', async () => {
    const groupId = uniqueName('stream-429');
    const service = await start(groupId);
    await caughtUp(groupId);
    const before = await committed(groupId);
    await client.indices.putSettings({ index, settings: { 'index.blocks.read_only_allow_delete': true } });
    try {
      await db.dataSource.query(`UPDATE products SET name_en = 'while ES refuses' WHERE id = ${active[0]}`);
      await db.dataSource.query(`UPDATE products SET status = 'hidden' WHERE id = ${active[1]}`);
      await db.dataSource.query(`DELETE FROM products WHERE id = ${active[2]}`);
      await publisher.publish([active[0], active[1], active[2]]);
      await eventually(() => service.stats().backoffs >= 3, { what: 'three backoffs', timeoutMs: 30_000 });
      // nothing of the refused rounds was committed
      expect(await committed(groupId)).toBe(before);
    } finally {
      await client.indices.putSettings({ index, settings: { 'index.blocks.read_only_allow_delete': null } });
    }
    await caughtUp(groupId);
    expect((await doc(active[0]))?.name_en).toBe('while ES refuses');
    expect(await doc(active[1])).toBeUndefined();
    expect(await doc(active[2])).toBeUndefined();
    expect(await verify()).toEqual({ missing: [], extra: [], stale: [] });
    expect(await total(deadLetterTopic)).toBe(0);
    expect(service.stats()).toMatchObject({ deadLetters: 0 });
  });

  it('one unindexable document goes to the dead letters alone; the rest of its round and partition go on', async () => {
    const groupId = uniqueName('stream-poison');
    const service = await start(groupId);
    await caughtUp(groupId);
    const [poison, ...others] = active.slice(5, 12);
    // an operator's console write: a counter no double holds exactly; the document cannot be built
    await db.dataSource.query(`UPDATE products SET row_version = 9007199254740993 WHERE id = ${poison}`);
    for (const id of others)
      await db.dataSource.query(`UPDATE products SET name_en = 'after the poison' WHERE id = ${id}`);
    // one key: one partition, the poison first
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send({
      topic,
      messages: [poison, ...others].map((id) => ({
        key: 'one',
        value: JSON.stringify({ id, at: new Date().toISOString() }),
      })),
    });
    await producer.disconnect();
    await caughtUp(groupId);
    for (const id of others) expect((await doc(id))?.name_en).toBe('after the poison');
    expect(await total(deadLetterTopic)).toBe(1);
    expect(service.stats()).toMatchObject({ deadLetters: 1 });
    await db.dataSource.query(`DELETE FROM products WHERE id = ${poison}`);
  });
});
