import type { Client, estypes } from '@elastic/elasticsearch';
import { ShopCatalog, backdateCatalog, withCatalogSession } from '@keel/catalog';
import type { SqlDialect } from '@keel/datasource';
import { createElasticsearchClient, type AliasPair } from '@keel/es-alias';
import { ProductChangePublisher, createProducer, type IHeaders, type Kafka } from '@keel/kafka-bus';
import { openChangeTopic, type ChangeTopic } from '@keel/kafka-bus/testing';
import {
  dialects,
  eventually,
  freePort,
  launchBuiltApp,
  stackEnv,
  uniqueName,
  type BuiltApp,
  type IsolatedDb,
} from '@keel/test-harness';
import type { QueryRunner } from 'typeorm';
import type { BatchWindowRecord } from '../src/batch/batch-window';
import { BatchWindowService } from '../src/batch/batch-window.service';
import { ShopClock } from '../src/batch/shop-clock';
import { RepairService } from '../src/repair/repair.service';
import {
  closeServingIndex,
  differences,
  indexWholeCatalog,
  openSeededShop,
  openServingIndex,
  searchableCount,
} from '@keel/etl-core/testing';
import { openBatchPlatform, startBatchChain } from './support';
import { TcpProxy } from './tcp-proxy';

// Invariants 3, 4 and 4b together, the fault run in one go, on real Kafka, Elasticsearch,
// ZooKeeper, MariaDB or PostgreSQL (shop) and PostgreSQL (platform). With no event published for
// any console change: a shop renamed (2,000 products), a category with subcategories renamed, a tag
// renamed, a tag link row deleted, a shop closed, products deleted by plain SQL, a product copied
// in with an hour-old update_ts, a transaction held open past 3 x (overlap + lag) and committed
// after a window ran, and one held past the maximum hold (which windows pass by design). Meanwhile
// malformed events are published, the built stream indexer is killed with SIGKILL mid-work and
// started again (as the supervisor does), and Elasticsearch is away (a proxy the test owns in front
// of it stops, then starts again: every indexer talks to the proxy). Then batch windows and one
// repair cycle: verify ends at 0 missing, 0 extra, 0 stale, and the repairer fixed exactly what
// slipped past the stream and the batch, by cause.
const bigShopId = 9_101;
const quietShopId = 9_102;
const bigShopProducts = 2_000;
const consoleDeletes = 5;
const overlapMs = 500;
const lagMs = 200;
const marginMs = 300;
/** Transactions open longer than this no longer hold windows (the repairer fixes their rows). */
const maxHoldMs = 8_000;

const malformed = [
  'not json',
  JSON.stringify({ id: -7, at: new Date().toISOString() }),
  JSON.stringify({ at: new Date().toISOString() }),
  JSON.stringify([1, 2, 3]),
  JSON.stringify({ id: 12, at: 'yesterday' }),
];

/** A console session with a transaction left open: what a SQL client with autocommit off does. */
interface OpenTransaction {
  session: string;
  query: <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;
  commit: () => Promise<void>;
  close: () => Promise<void>;
}

// One run costs about 80 s, most of it the Kafka group expiring the SIGKILLed member (the stream's
// 45 s session timeout) before the restarted process gets its partitions: CI runs it on MariaDB (the
// demo platform's shop DB); KEEL_FAULT_RUN_DIALECTS=mysql,postgres runs it on both (each piece has
// its own two-dialect test: parent-fan-out.spec, repair.spec, stream-failures.spec).
const faultRunDialects: SqlDialect[] = (process.env['KEEL_FAULT_RUN_DIALECTS'] ?? 'mysql')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is SqlDialect => {
    if (!(dialects as string[]).includes(d))
      throw new Error(`KEEL_FAULT_RUN_DIALECTS: "${d}" is not one of ${dialects.join(', ')}`);
    return true;
  });

describe.each(faultRunDialects)('a mixed fault run on %s', (dialect: SqlDialect) => {
  let shop: IsolatedDb;
  let platform: IsolatedDb;
  let client: Client;
  let viaProxy: Client;
  let proxy: TcpProxy;
  let catalog: ShopCatalog;
  let clock: ShopClock;
  let aliases: AliasPair;
  let index: string;
  let changes: ChangeTopic;
  let kafka: Kafka;
  let publisher: ProductChangePublisher;
  let seedIds: number[];
  const topic = uniqueName(`mixed-faults-${dialect}`);
  const deadLetterTopic = `${topic}.dlq`;
  const groupId = uniqueName('mixed-faults-stream');
  const children: BuiltApp[] = [];
  const transactions: OpenTransaction[] = [];

  const sql = <R = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withCatalogSession(shop.dataSource, dialect, (q) => q<R>(text, params));
  const ids = async (text: string, params: unknown[] = []) =>
    (await sql<{ id: string | number }>(text, params)).map((r) => Number(r.id));
  const count = (query: estypes.QueryDslQueryContainer) => searchableCount({ client, aliases }, query);
  const verifyAll = async () => {
    await client.indices.refresh({ index });
    return differences(catalog, { client, aliases }, { sampleEvery: 1 });
  };
  const endOffsets = () => changes.endOffsets();
  const committedOffsets = () => changes.committedOffsets(groupId);
  const streamCaughtUp = () =>
    eventually(async () => (await committedOffsets()) === (await endOffsets()), {
      what: `the stream indexer committed up to the end of ${topic}`,
      timeoutMs: 90_000,
      intervalMs: 200,
    });
  const ageOf = async (startedAt: Date) => (await clock.now()).getTime() - startedAt.getTime();

  /** The built stream indexer (dist/apps/indexer-stream), a real child process, through the proxy. */
  const launchStream = async (): Promise<BuiltApp> => {
    const app = launchBuiltApp('indexer-stream', await freePort(), await freePort(), {
      SHOP_DB_URL: shop.url,
      ELASTICSEARCH_URL: proxy.url,
      PRODUCTS_WRITE_ALIAS: aliases.writeAlias,
      STREAM_TOPIC: topic,
      STREAM_DLQ_TOPIC: deadLetterTopic,
      STREAM_TOPIC_PARTITIONS: '2',
      STREAM_GROUP_ID: groupId,
      STREAM_ROUND_SIZE: '10',
      STREAM_BACKOFF_BASE_MS: '100',
      STREAM_BACKOFF_MAX_MS: '1000',
    });
    children.push(app);
    return app;
  };
  const exitOf = (app: BuiltApp) =>
    new Promise<string>((resolve) => {
      if (app.child.exitCode !== null || app.child.signalCode !== null)
        return resolve(app.child.signalCode ?? `exit ${app.child.exitCode}`);
      app.child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`));
    });
  /** A counter of the child's Prometheus endpoint (0 while it does not answer yet). */
  const metricOf = async (app: BuiltApp, name: string): Promise<number> => {
    try {
      const text = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith(name))
        .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
    } catch {
      return 0;
    }
  };

  const openTransaction = async (): Promise<OpenTransaction> => {
    const runner: QueryRunner = shop.dataSource.createQueryRunner();
    await runner.connect();
    if (dialect === 'mysql') await runner.query("SET time_zone = '+00:00'");
    await runner.startTransaction();
    const [row] = await runner.query(
      dialect === 'mysql' ? 'SELECT CONNECTION_ID() AS id' : 'SELECT pg_backend_pid()::text AS id',
    );
    let n = 0;
    const placeholders = (text: string) =>
      dialect === 'mysql' ? text : text.replace(/\?/g, () => `$${++n}`);
    const tx: OpenTransaction = {
      session: String(row.id),
      query: (text, params = []) => ((n = 0), runner.query(placeholders(text), params)),
      commit: () => runner.commitTransaction(),
      close: async () => {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        if (!runner.isReleased) await runner.release();
      },
    };
    transactions.push(tx);
    return tx;
  };
  /** When a row was stamped (its update_ts by the DB clock), read inside the writing transaction. */
  const stampOf = async (tx: OpenTransaction, table: string, column: string, id: number) => {
    const [row] = await tx.query<{ ms: string | number }>(
      dialect === 'mysql'
        ? `SELECT UNIX_TIMESTAMP(update_ts) * 1000 AS ms FROM ${table} WHERE ${column} = ?`
        : `SELECT (EXTRACT(EPOCH FROM update_ts) * 1000)::float8 AS ms FROM ${table} WHERE ${column} = ?`,
      [id],
    );
    return new Date(Math.round(Number(row?.ms)));
  };

  beforeAll(async () => {
    shop = await openSeededShop(dialect, 'mixedfault', { products: 300, seed: 17 });
    seedIds = await ids('SELECT id FROM products ORDER BY id');
    platform = await openBatchPlatform('mixedfault');
    catalog = new ShopCatalog(shop.dataSource);
    clock = new ShopClock(shop.dataSource);
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
    const es = new URL(stackEnv().elasticsearchUrl);
    proxy = new TcpProxy({ host: es.hostname, port: Number(es.port || 9200) });
    await proxy.start();
    viaProxy = createElasticsearchClient(proxy.url);
    changes = await openChangeTopic('mixed-faults-test', topic, { partitions: 2 });
    ({ kafka, publisher } = changes);
  }, 120_000);

  afterAll(async () => {
    for (const app of children)
      if (app.child.exitCode === null && app.child.signalCode === null) {
        const exited = exitOf(app);
        app.child.kill('SIGTERM');
        await exited;
      }
    for (const tx of transactions) await tx.close().catch(() => undefined);
    await changes?.close();
    await viaProxy?.close();
    await proxy?.stop();
    await closeServingIndex({ client, index });
    await shop?.drop();
    await platform?.drop();
  });

  it('ends with verify at 0 missing, 0 extra, 0 stale after batch windows and one repair cycle, the repairer counting what it fixed', async () => {
    // ---- the catalogue: the seed, a big shop under a category with subcategories, a quiet shop
    const [renamedCategory] = await sql<{ id: string; path: string }>(
      `SELECT c.id, c.path FROM categories c WHERE c.depth = 1
         AND EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id) ORDER BY c.id LIMIT 1`,
    );
    const subtree = `${renamedCategory.path}%`;
    const [bigLeaf] = await ids('SELECT id FROM categories WHERE parent_id = ? ORDER BY id LIMIT 1', [
      Number(renamedCategory.id),
    ]);
    // the quiet shop's products sit outside every renamed parent: their open transactions must not
    // wait for (or hold up) the console's renames
    const [quietLeaf] = await ids(
      `SELECT id FROM categories c WHERE c.path NOT LIKE ?
         AND NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id) ORDER BY id LIMIT 1`,
      [subtree],
    );
    const firstBig = Math.ceil((Math.max(...seedIds) + 1) / 1000) * 1000 + 1;
    const quiet = { passed: firstBig + 5_000, passedDelete: firstBig + 5_001, held: firstBig + 5_002 };
    const copiedIn = firstBig + 5_003;
    await sql(
      "INSERT INTO shops (id, name, status) VALUES (?, 'Fault Run Shop', 'open'), (?, 'Quiet Shop', 'open')",
      [bigShopId, quietShopId],
    );
    const insertProducts = async (productIds: number[], shopId: number, categoryId: number) => {
      for (let i = 0; i < productIds.length; i += 1000) {
        const chunk = productIds.slice(i, i + 1000);
        await sql(
          'INSERT INTO products (id, shop_id, category_id, name_ko, name_en, description, base_price) VALUES ' +
            chunk
              .map(() => "(?, ?, ?, '상품', 'fault run product', 'a product of the fault run', 1000)")
              .join(', '),
          chunk.flatMap((id) => [id, shopId, categoryId]),
        );
      }
    };
    await insertProducts(
      Array.from({ length: bigShopProducts }, (_, i) => firstBig + i),
      bigShopId,
      bigLeaf,
    );
    await insertProducts(Object.values(quiet), quietShopId, quietLeaf);
    // everything is ten minutes old, so windows see only what the run changes
    await backdateCatalog(shop.dataSource, dialect, 10);

    // ---- the index starts equal to the DB (as after a rebuild), and the batch chain starts now
    ({ aliases, index } = await openServingIndex('products-mixedfault', client));
    const range = await catalog.idRange();
    if (!range) throw new Error('empty catalogue');
    await indexWholeCatalog(catalog, { client, aliases, index }, { batchSize: 1000, concurrency: 2 });
    await startBatchChain(platform, aliases.writeAlias, await clock.now(), lagMs);
    expect(await verifyAll()).toEqual({ missing: [], extra: [], stale: [] });
    expect(await count({ term: { shop_id: bigShopId } })).toBe(bigShopProducts);

    // the batch and the repairer, driven explicitly, both through the proxy
    const batch = new BatchWindowService(catalog, clock, platform.dataSource, viaProxy, {
      writeAlias: aliases.writeAlias,
      overlapMs,
      lagMs,
      maxWindowMs: 15 * 60_000,
      initialLookbackMs: 60 * 60_000,
      pageSize: 1000,
      batchSize: 500,
      concurrency: 2,
      instance: () => `mixed-${dialect}`,
      hold: { marginMs, maxHoldMs },
    });
    const repair = new RepairService(catalog, platform.dataSource, viaProxy, {
      writeAlias: aliases.writeAlias,
      readAlias: aliases.readAlias,
      rangeSize: 250,
      pace: { cycleMs: 0, maxProductsPerS: 1_000_000 },
      batchSize: 200,
      concurrency: 2,
      instance: () => `mixed-${dialect}`,
    });
    const windows = async (): Promise<BatchWindowRecord[]> =>
      (await batch.history.list(aliases.writeAlias, 1000)).windows.filter((w) => w.instance !== 'seed');

    // ---- console: products deleted by plain SQL, one copied in with its hour-old update_ts
    const deletedInConsole = Array.from({ length: consoleDeletes }, (_, i) => firstBig + 100 + i * 37);
    await sql(`DELETE FROM products WHERE id IN (${deletedInConsole.join(', ')})`);
    await sql(
      `INSERT INTO products (id, shop_id, category_id, name_ko, name_en, description, base_price, update_ts)
       VALUES (?, ?, ?, '복사', 'copied in from another system', 'an hour-old stamp', 1000, ${
         dialect === 'mysql' ? 'CURRENT_TIMESTAMP(3) - INTERVAL 1 HOUR' : "now() - interval '1 hour'"
       })`,
      [copiedIn, quietShopId, quietLeaf],
    );

    // ---- a transaction that will stay open past the maximum hold: windows pass it by design
    const passed = await openTransaction();
    await passed.query("UPDATE products SET name_en = 'committed after the maximum hold' WHERE id = ?", [
      quiet.passed,
    ]);
    await passed.query('DELETE FROM products WHERE id = ?', [quiet.passedDelete]);
    const passedStartedAt = await stampOf(passed, 'products', 'id', quiet.passed);

    // ---- the stream indexer at work, killed with SIGKILL mid-work, started again. The kill lands
    // while Elasticsearch is away (the proxy stopped after the first commits), with events published
    // after that: those cannot be committed before the kill, however fast the stream is.
    const first = await launchStream();
    await sql(
      `UPDATE products SET base_price = base_price + 1 WHERE id IN (${seedIds.slice(0, 40).join(', ')})`,
    );
    for (let i = 0; i < 3; i++) await publisher.publish(seedIds);
    await eventually(async () => (await committedOffsets()) > 0, {
      what: `the first commits of the stream indexer (output: ${first.output()})`,
      timeoutMs: 90_000,
      intervalMs: 20,
    });
    await proxy.stop();
    const killed = exitOf(first);
    try {
      await sql(
        `UPDATE products SET base_price = base_price + 1 WHERE id IN (${seedIds.slice(40, 50).join(', ')})`,
      );
      await publisher.publish(seedIds.slice(40, 50));
      // mid-work: the stream has met the outage on a round and backed off (nothing of it committed)
      await eventually(async () => (await metricOf(first, 'keel_stream_backoffs_total')) >= 1, {
        what: `the first stream indexer backing off while Elasticsearch is away (output: ${first.output()})`,
        timeoutMs: 60_000,
      });
      first.child.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');
    } finally {
      await proxy.start();
    }
    expect(await committedOffsets()).toBeLessThan(await endOffsets());
    // what the supervisor does when the job's node vanishes: the same command again
    const second = await launchStream();

    // ---- console, while the stream works: renames, a tag link removed, a shop closed (no events)
    const [tag] = await sql<{ tag_id: string }>(
      'SELECT tag_id FROM product_tags GROUP BY tag_id ORDER BY COUNT(*) DESC, tag_id LIMIT 1',
    );
    const renamedTag = Number(tag.tag_id);
    const taggedBefore = await count({ term: { tag_ids: renamedTag } });
    expect(taggedBefore).toBeGreaterThan(0);
    const [link] = await sql<{ product_id: string; tag_id: string }>(
      `SELECT l.product_id, l.tag_id FROM product_tags l JOIN products p ON p.id = l.product_id
        WHERE l.tag_id <> ? AND p.status = 'active' ORDER BY l.product_id LIMIT 1`,
      [renamedTag],
    );
    const [closedShop] = await ids(
      `SELECT shop_id AS id FROM products WHERE status = 'active' AND shop_id IN
         (SELECT id FROM shops WHERE status = 'open' AND id NOT IN (?, ?))
       GROUP BY shop_id ORDER BY COUNT(*), shop_id LIMIT 1`,
      [bigShopId, quietShopId],
    );
    const closedShopDocs = await count({ term: { shop_id: closedShop } });
    expect(closedShopDocs).toBeGreaterThan(0);
    await sql("UPDATE shops SET name = 'Renamed Fault Run Shop' WHERE id = ?", [bigShopId]);
    await sql("UPDATE categories SET name_en = 'Renamed Fault Run Category' WHERE id = ?", [
      Number(renamedCategory.id),
    ]);
    await sql("UPDATE tags SET name_en = 'renamed fault run tag' WHERE id = ?", [renamedTag]);
    await sql('DELETE FROM product_tags WHERE product_id = ? AND tag_id = ?', [
      Number(link.product_id),
      Number(link.tag_id),
    ]);
    await sql("UPDATE shops SET status = 'closed' WHERE id = ?", [closedShop]);

    // ---- malformed events, between good ones
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send({
      topic,
      messages: malformed.map((value, i) => ({ key: `bad-${i}`, value })),
    });
    await producer.disconnect();
    // the restarted process gets the partitions once the group has expired the killed member (its
    // session timeout): meanwhile the run goes on; it must be up (serving metrics) before the outage
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${second.port}/metrics`).catch(() => null))?.ok,
      {
        what: `the restarted stream indexer serving (output: ${second.output()})`,
        timeoutMs: 60_000,
      },
    );

    // ---- Elasticsearch away: the proxy stops while changes (with events) keep coming
    const backoffsBefore = await metricOf(second, 'keel_stream_backoffs_total');
    await proxy.stop();
    try {
      const during = seedIds.slice(50, 70);
      await sql(`UPDATE products SET base_price = base_price + 2 WHERE id IN (${during.join(', ')})`);
      await publisher.publish(during);
      // the outage lasts until the stream indexer has met it and backed off at least twice
      await eventually(
        async () => (await metricOf(second, 'keel_stream_backoffs_total')) >= backoffsBefore + 2,
        { what: 'the stream indexer backing off while Elasticsearch is away', timeoutMs: 60_000 },
      );
      expect(await committedOffsets()).toBeLessThan(await endOffsets());
    } finally {
      await proxy.start();
    }
    await streamCaughtUp();
    expect(second.child.exitCode).toBeNull();

    // ---- a transaction held open for 3 x (overlap + lag), committed after a window ran
    const held = await openTransaction();
    await held.query("UPDATE products SET name_en = 'committed late' WHERE id = ?", [quiet.held]);
    const heldStampedAt = await stampOf(held, 'products', 'id', quiet.held);
    await eventually(
      async () =>
        (await ageOf(heldStampedAt)) > 3 * (overlapMs + lagMs) &&
        (await ageOf(passedStartedAt)) > maxHoldMs + 500,
      {
        what: 'the held transaction open 3 x (overlap + lag), the other past the maximum hold',
        intervalMs: 50,
      },
    );
    const ran = await batch.catchUp();
    expect(ran.map((w) => w.status)).toEqual(ran.map(() => 'succeeded'));
    const last = ran[ran.length - 1];
    // the younger transaction held the end back; the one past the maximum hold did not
    expect(last).toMatchObject({ heldBySession: held.session });
    expect(last.windowEnd.getTime()).toBeLessThanOrEqual(heldStampedAt.getTime());
    expect(last.windowEnd.getTime()).toBeGreaterThan(passedStartedAt.getTime());
    await held.commit();
    await passed.commit();

    // ---- the following windows: until one has covered the commits
    const committedAt = await clock.now();
    await eventually(
      async () => {
        await batch.catchUp();
        return (await windows()).find(
          (w) => w.status === 'succeeded' && w.windowStart <= committedAt && w.windowEnd > committedAt,
        );
      },
      { what: `a successful window covering ${committedAt.toISOString()}`, intervalMs: 100 },
    );
    const all = await windows();
    expect(all.filter((w) => w.status !== 'succeeded')).toEqual([]);
    const total = (key: 'parentsSeen' | 'productsExpanded' | 'deleted') =>
      all.reduce((sum, w) => sum + w[key], 0);
    // the shop, the category, the tag and the closed shop, each expanded to its products
    expect(total('parentsSeen')).toBeGreaterThanOrEqual(4);
    expect(total('productsExpanded')).toBeGreaterThanOrEqual(bigShopProducts - consoleDeletes + taggedBefore);
    // the console deletes (tombstones in the change feed) and the closed shop's products
    expect(total('deleted')).toBeGreaterThanOrEqual(consoleDeletes + closedShopDocs);

    // what slipped past the stream and the batch: the transaction passed after the maximum hold
    // (an update and a delete) and the row copied in with an old stamp
    expect(await verifyAll()).toEqual({
      missing: [copiedIn],
      extra: [quiet.passedDelete],
      stale: [quiet.passed],
    });

    // ---- one repair cycle
    const cycle = await repair.runCycle();
    expect(cycle).toMatchObject({ status: 'finished' });
    expect(cycle.rangesDone).toBe(cycle.rangesTotal);
    expect(cycle.fixed).toEqual({
      missing: 1,
      deleted: 1,
      'not-searchable': 0,
      'stale-version': 1,
      'stale-fields': 0,
    });
    expect((await repair.cycles.fixes(cycle.id)).sort((a, b) => a.id - b.id)).toEqual([
      { id: quiet.passed, cause: 'stale-version' },
      { id: quiet.passedDelete, cause: 'deleted' },
      { id: copiedIn, cause: 'missing' },
    ]);
    expect(await verifyAll()).toEqual({ missing: [], extra: [], stale: [] });

    // ---- and the faults' own outcomes
    expect(await count({ term: { 'shop_name.raw': 'Renamed Fault Run Shop' } })).toBe(
      bigShopProducts - consoleDeletes,
    );
    expect(await count({ match_phrase: { category_names: 'Renamed Fault Run Category' } })).toBe(
      await count({ term: { category_ids: Number(renamedCategory.id) } }),
    );
    expect(await count({ term: { tags: 'renamed fault run tag' } })).toBeGreaterThan(0);
    expect(await count({ term: { shop_id: closedShop } })).toBe(0);
    expect(await count({ ids: { values: deletedInConsole.map(String) } })).toBe(0);
    const heldDoc = await client.get<{ name_en: string }>({
      index: aliases.readAlias,
      id: String(quiet.held),
    });
    expect(heldDoc._source?.name_en).toBe('committed late');
    expect(proxy.accepted).toBeGreaterThan(0);
    const letters = await readDeadLetters(malformed.length);
    // a round read again after the kill or the outage may dead-letter a message twice; each is there
    expect([...new Set(letters.map((l) => l.value))].sort()).toEqual([...malformed].sort());
    expect(letters.every((l) => l.kind === 'invalid-event' && l.error === 'InvalidChangeEvent')).toBe(true);
  }, 240_000);

  async function readDeadLetters(atLeast: number) {
    const consumer = kafka.consumer({ groupId: uniqueName('mixed-dlq-reader') });
    const letters: { value: string; kind: string; error: string }[] = [];
    const header = (headers: IHeaders | undefined, name: string) => String(headers?.[name] ?? '');
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
      const high = await changes.endOffsets(deadLetterTopic);
      expect(high).toBeGreaterThanOrEqual(atLeast);
      await consumer.run({
        eachMessage: async ({ message }) => {
          letters.push({
            value: String(message.value ?? ''),
            kind: header(message.headers, 'keel-dlq-kind'),
            error: header(message.headers, 'keel-dlq-error'),
          });
        },
      });
      await eventually(() => letters.length >= high, { what: `${high} dead letters`, timeoutMs: 60_000 });
    } finally {
      await consumer.disconnect();
    }
    return letters;
  }
});
