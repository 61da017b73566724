/**
 * `npx nx run indexer-batch:bench-freshness [--products N] [--rate R] [--duration-s S] [--probe-ms P]`:
 * figures, not verdicts.
 *
 * Commit-to-searchable freshness under the demo writer's load, with only what that needs, on free
 * ports and unique names against the shared servers: an isolated shop DB (MariaDB) seeded with N
 * products (default 20 000, the demo catalogue) and indexed, its own topic, the built stream indexer
 * (`dist/apps/indexer-stream`, default settings) as a child process, the demo writer
 * (`CatalogSimulator`, as `catalog:simulate`) at R changes/s (default 100) for S seconds (default
 * 180), and the freshness probe (`FreshnessProbeService`, as the app runs it) every P ms (default
 * 1 000). Prints p50/p99 of the canaries, timeouts, the writer's rate held, and the load average.
 */
import {
  CatalogSimulator,
  ShopCatalog,
  catalogEntities,
  runCatalogMigrations,
  seedCatalog,
} from '@keel/catalog';
import { createElasticsearchClient } from '@keel/es-alias';
import { aliasPairOf } from '@keel/product-index';
import { ProductChangePublisher, createKafka } from '@keel/kafka-bus';
import { freePort, launchBuiltApp, openIsolatedDb, stackEnv, uniqueName } from '@keel/test-harness';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { FreshnessCanary } from '../src/freshness/freshness-canary';
import { FreshnessProbeService, FreshnessTimeout } from '../src/freshness/freshness-probe.service';
import { FreshnessRecord, nearestRank } from '../src/freshness/freshness-record';
import { loadServingIndex } from './support';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '100' },
    'duration-s': { type: 'string', default: '180' },
    'probe-ms': { type: 'string', default: '1000' },
  },
});
const products = Number(values.products);
const rate = Number(values.rate);
const durationMs = Number(values['duration-s']) * 1000;
const probeMs = Number(values['probe-ms']);
const out = (figure: Record<string, unknown>) =>
  process.stdout.write(`RESULT ${JSON.stringify({ ...figure, load1: +loadavg()[0].toFixed(1) })}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function main() {
  const shop = await openIsolatedDb('mysql', {
    entities: catalogEntities,
    prefix: 'freshbench',
    poolSize: 8,
  });
  const client = createElasticsearchClient(stackEnv().elasticsearchUrl);
  const alias = uniqueName('bench-freshness');
  const aliases = aliasPairOf(alias);
  const topic = uniqueName('bench-freshness');
  const kafka = createKafka({ clientId: 'freshness-bench', brokers: stackEnv().kafkaBrokers });
  const admin = kafka.admin();
  const publisher = new ProductChangePublisher(kafka, topic);
  let index = '';
  let stream: ReturnType<typeof launchBuiltApp> | undefined;
  try {
    await runCatalogMigrations(shop.dataSource);
    await seedCatalog(shop.dataSource, { products, seed: 5, writers: 4 });
    const catalog = new ShopCatalog(shop.dataSource);
    const range = await catalog.idRange();
    if (!range) throw new Error('the bench catalogue is empty');
    // then the serving settings (refresh every second): what readers wait for
    ({ index } = await loadServingIndex(
      catalog,
      client,
      alias,
      Array.from({ length: range.maxId - range.minId + 1 }, (_, i) => range.minId + i),
    ));
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
    await publisher.connect();

    stream = launchBuiltApp('indexer-stream', await freePort(), await freePort(), {
      SHOP_DB_URL: shop.url,
      PRODUCTS_WRITE_ALIAS: aliases.writeAlias,
      STREAM_TOPIC: topic,
      STREAM_GROUP_ID: uniqueName('bench-freshness'),
      LOG_LEVEL: 'error',
    });
    const probe = new FreshnessProbeService(new FreshnessCanary(shop.dataSource), publisher, client, {
      readAlias: aliases.readAlias,
      timeoutMs: 60_000,
      pollMs: 50,
    });
    // warm-up: until the stream indexer has joined its group and one canary came through
    const warmUpUntil = Date.now() + 120_000;
    for (;;) {
      try {
        await probe.probe();
        break;
      } catch (error) {
        if (!(error instanceof FreshnessTimeout) || Date.now() > warmUpUntil) throw error;
      }
    }

    const writer = new CatalogSimulator(shop.dataSource, {
      seed: 9,
      publish: (ids) => publisher.publish(ids),
    });
    const writing = writer.run({ rate, durationMs });
    const record = new FreshnessRecord();
    const seconds: number[] = [];
    let timeouts = 0;
    const started = Date.now();
    while (Date.now() - started < durationMs) {
      const probeStarted = Date.now();
      try {
        const sample = await probe.probe();
        record.add(sample);
        seconds.push(sample.seconds);
      } catch (error) {
        if (!(error instanceof FreshnessTimeout)) throw error;
        timeouts += 1;
      }
      await sleep(probeMs - (Date.now() - probeStarted));
    }
    const report = await writing;
    const summary = record.summary();
    const sorted = [...seconds].sort((a, b) => a - b);
    out({
      phase: 'freshness',
      products,
      writerRate: rate,
      writerChanges: report.changes,
      writerHeldPerSecond: +(report.changes / (report.elapsedMs / 1000)).toFixed(1),
      writerBehind: report.behind,
      canaries: summary.count,
      timeouts,
      p50Seconds: summary.p50Seconds === null ? null : +summary.p50Seconds.toFixed(3),
      p90Seconds: sorted.length > 0 ? +(nearestRank(sorted, 0.9) ?? 0).toFixed(3) : null,
      p99Seconds: summary.p99Seconds === null ? null : +summary.p99Seconds.toFixed(3),
      maxSeconds: sorted.length > 0 ? +sorted[sorted.length - 1].toFixed(3) : null,
      durationS: durationMs / 1000,
    });
  } finally {
    if (stream && stream.child.exitCode === null) {
      const exited = new Promise((resolve) => stream?.child.once('exit', resolve));
      stream.child.kill('SIGTERM');
      await exited;
    }
    await publisher.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    if (index) await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
    await shop.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`freshness bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
