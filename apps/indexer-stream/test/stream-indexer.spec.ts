import type { Client } from '@elastic/elasticsearch';
import { CatalogSimulator, ShopCatalog } from '@keel/catalog';
import { createElasticsearchClient, type AliasPair } from '@keel/es-alias';
import { ElasticsearchUnavailable, ProductIndexer, verifyCatalogue, type IndexSummary } from '@keel/etl-core';
import { closeServingIndex, openSeededShop, openServingIndex } from '@keel/etl-core/testing';
import type { ProductDocument } from '@keel/product-index';
import { ProductChangePublisher, createProducer, type IHeaders, type Kafka } from '@keel/kafka-bus';
import { openChangeTopic, type ChangeTopic } from '@keel/kafka-bus/testing';
import { eventually, stackEnv, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { Logger } from '@nestjs/common';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  StreamIndexerService,
  type ProductIndexing,
  type StreamIndexerSettings,
} from '../src/stream/stream-indexer.service';

// Invariants 1 (order does not matter) and 3 (nothing is lost) for the stream indexer, on real
// Kafka, MariaDB and Elasticsearch. The consumer runs in-process; each test has its own group.
describe('indexer-stream', () => {
  let db: IsolatedDb;
  let client: Client;
  let catalog: ShopCatalog;
  let changes: ChangeTopic;
  let kafka: Kafka;
  let publisher: ProductChangePublisher;
  let simulator: CatalogSimulator;
  let index: string;
  let writeAlias: string;
  let indexer: ProductIndexer;
  const topic = uniqueName('stream-changes');
  const deadLetterTopic = `${topic}.dlq`;
  const running: StreamIndexerService[] = [];
  const logger = new Logger('stream-test');

  const settings = (groupId: string): StreamIndexerSettings => ({
    topic,
    deadLetterTopic,
    partitions: 3,
    groupId,
    roundSize: 100,
    // as the app runs: partitions handled at once, their rounds joined into runs, rounds by lag
    maxRoundSize: 400,
    partitionsConcurrency: 3,
    runsInFlight: 2,
    backoff: { baseMs: 50, maxMs: 400 },
  });

  const startConsumer = async (groupId: string, indexing: ProductIndexing = indexer) => {
    const service = new StreamIndexerService(kafka, indexing, settings(groupId), logger);
    running.push(service);
    await service.start();
    return service;
  };

  const endOffsets = () => changes.endOffsets();
  const committedOffsets = (groupId: string) => changes.committedOffsets(groupId);
  const caughtUp = (groupId: string) =>
    eventually(async () => (await committedOffsets(groupId)) === (await endOffsets()), {
      what: `group ${groupId} committed up to the end of ${topic}`,
      timeoutMs: 90_000,
      intervalMs: 250,
    });

  const allIds = async () => {
    const range = await catalog.idRange();
    if (!range) throw new Error('empty catalogue');
    return { from: range.minId, to: range.maxId };
  };
  const verify = async () => {
    const report = await verifyCatalogue(catalog, client, { index: writeAlias });
    return { missing: report.missing, extra: report.extra, stale: report.stale, checked: report.checked };
  };
  const clean = { missing: [], extra: [], stale: [] };

  /** Changes random products in the DB; publishes their ids only when asked. */
  const changeProducts = async (count: number, publish: boolean) => {
    const changed: number[] = [];
    const quiet = new CatalogSimulator(db.dataSource, {
      seed: count,
      publish: async (ids) => {
        changed.push(...ids);
        if (publish) await publisher.publish(ids);
      },
    });
    for (let i = 0; i < count; i++) await quiet.change();
    return changed;
  };

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    db = await openSeededShop('mysql', 'stream', { products: 300, seed: 5 });
    catalog = new ShopCatalog(db.dataSource);
    let aliases: AliasPair;
    ({ client, aliases, index } = await openServingIndex('stream-products'));
    writeAlias = aliases.writeAlias;
    indexer = new ProductIndexer(catalog, client, {
      index: writeAlias,
      source: 'stream',
      batchSize: 100,
      deleteMissing: true,
    });
    changes = await openChangeTopic('stream-test', topic, { partitions: 3 });
    ({ kafka, publisher } = changes);
    simulator = new CatalogSimulator(db.dataSource, { seed: 1, publish: (ids) => publisher.publish(ids) });
  });

  afterEach(async () => {
    for (const service of running.splice(0)) await service.stop();
  });

  afterAll(async () => {
    await changes?.close();
    await closeServingIndex({ client, index });
    await db?.drop();
  });

  it('indexes the products named by events, and updated products after them: the index equals the DB', async () => {
    const range = await allIds();
    const ids = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
    await publisher.publish(ids);
    const groupId = uniqueName('stream-a');
    const service = await startConsumer(groupId);
    await caughtUp(groupId);
    expect(await verify()).toMatchObject(clean);

    for (let i = 0; i < 60; i++) await simulator.change();
    await caughtUp(groupId);
    expect(await verify()).toMatchObject(clean);
    const stats = service.stats();
    expect(stats.invalid).toBe(0);
    expect(stats.failed).toBe(0);
    expect(stats.written).toBeGreaterThan(200);
  });

  it('commits offsets only after the bulk write succeeded, and nothing is lost while Elasticsearch is down', async () => {
    const changed = await changeProducts(30, true);
    const groupId = uniqueName('stream-down');
    const end = await endOffsets();
    const committedWhileFailing: number[] = [];
    let calls = 0;
    // the real indexer behind a switch: the first 4 rounds find Elasticsearch unreachable
    const flaky: ProductIndexing = {
      index: async (ids): Promise<IndexSummary> => {
        calls++;
        if (calls <= 4) {
          committedWhileFailing.push(await committedOffsets(groupId));
          throw new ElasticsearchUnavailable(new Error('connect ECONNREFUSED 127.0.0.1:9'));
        }
        return indexer.index(ids);
      },
    };
    const service = await startConsumer(groupId, flaky);
    await caughtUp(groupId);
    expect(committedWhileFailing).toEqual([0, 0, 0, 0]);
    expect(service.stats().backoffs).toBeGreaterThanOrEqual(4);
    expect(await committedOffsets(groupId)).toBe(end);
    expect(await verify()).toMatchObject(clean);
    expect(changed.length).toBe(30);
  });

  it('sends malformed messages to the dead-letter topic with the reason and goes on with the good ones', async () => {
    const groupId = uniqueName('stream-dlq');
    const service = await startConsumer(groupId);
    await caughtUp(groupId);
    const producer = createProducer(kafka);
    await producer.connect();
    const [active] = (await catalog.loadProductsByIds(await activeIds(5))).filter(
      (p) => p.status === 'active',
    );
    if (!active) throw new Error('no active product');
    await db.dataSource.query(`UPDATE products SET name_en = 'after the bad ones' WHERE id = ${active.id}`);
    // one partition (key "bad"), so the good event is behind the bad ones
    await producer.send({
      topic,
      messages: [
        { key: 'bad', value: 'not json' },
        { key: 'bad', value: JSON.stringify({ id: -4, at: new Date().toISOString() }) },
        { key: 'bad', value: JSON.stringify({ at: new Date().toISOString() }) },
        { key: 'bad', value: JSON.stringify({ id: active.id, at: new Date().toISOString() }) },
      ],
    });
    await producer.disconnect();
    await caughtUp(groupId);
    const document = await client.get<ProductDocument>({ index: writeAlias, id: String(active.id) });
    expect(document._source?.name_en).toBe('after the bad ones');
    expect(service.stats()).toMatchObject({ invalid: 3, deadLetters: 3 });

    const letters = await readDeadLetters(3);
    expect(letters.map((l) => l.reason)).toEqual([
      expect.stringMatching(/^the value is not JSON in partition \d+ offset \d+$/),
      expect.stringMatching(/^"id" is not a positive integer in partition \d+ offset \d+$/),
      expect.stringMatching(/^"id" is missing in partition \d+ offset \d+$/),
    ]);
    expect(letters[0]).toMatchObject({ error: 'InvalidChangeEvent', value: 'not json', topic });
    expect(letters.every((l) => l.reason.endsWith(`partition ${l.partition} offset ${l.offset}`))).toBe(true);
  });

  it('order does not matter: replaying the whole topic from offset 0 leaves the index equal to the DB', async () => {
    // further changes: some announced, some never announced (their ids are in the topic from before)
    await changeProducts(40, true);
    await changeProducts(40, false);
    const groupId = uniqueName('stream-replay');
    const service = await startConsumer(groupId);
    await caughtUp(groupId);
    expect(await verify()).toMatchObject(clean);
    const stats = service.stats();
    expect(stats.committed).toBe(await endOffsets());
    // every valid event re-read its row: written, deleted or rejected as stale, none failed
    expect(stats.failed).toBe(0);
    expect(stats.written + stats.deleted + stats.stale).toBeGreaterThanOrEqual(stats.ids);
  });

  async function activeIds(n: number): Promise<number[]> {
    const rows = (await db.dataSource.query(
      `SELECT id FROM products WHERE status = 'active' AND shop_id NOT IN (SELECT id FROM shops WHERE status = 'closed') ORDER BY id LIMIT ${n}`,
    )) as { id: string | number }[];
    return rows.map((r) => Number(r.id));
  }

  async function readDeadLetters(count: number) {
    const consumer = kafka.consumer({ groupId: uniqueName('dlq-reader') });
    const letters: {
      reason: string;
      error: string;
      value: string;
      topic: string;
      partition: number;
      offset: string;
    }[] = [];
    const header = (headers: IHeaders | undefined, name: string) => String(headers?.[name] ?? '');
    await consumer.connect();
    await consumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        letters.push({
          reason: header(message.headers, 'keel-dlq-reason'),
          error: header(message.headers, 'keel-dlq-error'),
          value: String(message.value ?? ''),
          topic: header(message.headers, 'keel-source-topic'),
          partition: Number(header(message.headers, 'keel-source-partition')),
          offset: header(message.headers, 'keel-source-offset'),
        });
      },
    });
    try {
      await eventually(() => letters.length >= count, { what: `${count} dead letters`, timeoutMs: 60_000 });
    } finally {
      await consumer.disconnect();
    }
    return letters;
  }

  it('two indexers racing on the same ids never leave a stale document', async () => {
    const first = uniqueName('stream-race-a');
    const second = uniqueName('stream-race-b');
    await startConsumer(first);
    await startConsumer(second);
    // both groups read every event and write the same ids while the rows keep changing
    for (let i = 0; i < 80; i++) await simulator.change();
    await caughtUp(first);
    await caughtUp(second);
    expect(await verify()).toMatchObject(clean);
  });

  it('killed with SIGKILL mid-batch and restarted, the indexer loses nothing', async () => {
    const main = path.resolve(__dirname, '../../../dist/apps/indexer-stream/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run "npx nx build indexer-stream" first`);
    const groupId = uniqueName('stream-kill');
    const range = await allIds();
    const ids = Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
    // many small rounds, so the kill lands between commits
    for (let i = 0; i < 8; i++) await publisher.publish(ids);
    await changeProducts(40, true);
    const end = await endOffsets();
    const launch = () => {
      const child = spawn(process.execPath, [main], {
        env: {
          ...process.env,
          PORT: '3151',
          RPC_PORT: '4151',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          SHOP_DB_URL: db.url,
          ELASTICSEARCH_URL: stackEnv().elasticsearchUrl,
          KAFKA_BROKERS: stackEnv().kafkaBrokers.join(','),
          ZOOKEEPER_CONNECT: stackEnv().zookeeperConnect,
          PRODUCTS_WRITE_ALIAS: writeAlias,
          STREAM_TOPIC: topic,
          STREAM_DLQ_TOPIC: deadLetterTopic,
          STREAM_TOPIC_PARTITIONS: '3',
          STREAM_GROUP_ID: groupId,
          STREAM_ROUND_SIZE: '5',
        },
        stdio: 'ignore',
      });
      const exited = new Promise<string>((resolve) =>
        child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)),
      );
      return { child, exited };
    };

    const first = launch();
    await eventually(async () => (await committedOffsets(groupId)) > 0, {
      what: 'first commits of the app',
      timeoutMs: 90_000,
      intervalMs: 20,
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(await committedOffsets(groupId)).toBeLessThan(end);

    const second = launch();
    try {
      await caughtUp(groupId);
      expect(await verify()).toMatchObject(clean);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('Elasticsearch frozen for 20 s during a stream of updates: afterwards 0 missing, 0 stale', async () => {
    // the real node stops answering (SIGSTOP to the JVM that listens on its port), then comes back
    const probe = spawnSync(
      'ss',
      ['-Hltnp', `sport = :${new URL(stackEnv().elasticsearchUrl).port || 9200}`],
      {
        encoding: 'utf8',
      },
    );
    const pid = Number(/pid=(\d+)/.exec(probe.stdout ?? '')?.[1]);
    if (!pid)
      throw new Error(`no process listens on ${stackEnv().elasticsearchUrl}: ${probe.stdout}${probe.stderr}`);
    const impatient = createElasticsearchClient(stackEnv().elasticsearchUrl, { requestTimeoutMs: 2_000 });
    const outageIndexer = new ProductIndexer(catalog, impatient, {
      index: writeAlias,
      source: 'stream',
      batchSize: 100,
      deleteMissing: true,
    });
    const range = await allIds();
    await publisher.publish(Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i));
    const groupId = uniqueName('stream-freeze');
    const service = await startConsumer(groupId, outageIndexer);
    await caughtUp(groupId);
    let resumed = false;
    process.kill(pid, 'SIGSTOP');
    try {
      const frozenUntil = Date.now() + 20_000;
      // updates keep coming while the node is away
      while (Date.now() < frozenUntil) {
        await simulator.change();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      process.kill(pid, 'SIGCONT');
      resumed = true;
    }
    expect(resumed).toBe(true);
    await caughtUp(groupId);
    await impatient.close();
    expect(service.stats().backoffs).toBeGreaterThan(0);
    expect(await verify()).toMatchObject(clean);
  });
});
