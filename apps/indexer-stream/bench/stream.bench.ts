/**
 * `npx nx run indexer-stream:bench [--products 20000] [--rates 500,1000,2000,3000] [--step-s 10] [--raw-docs 60000]`:
 * figures, not verdicts.
 *
 * Seeds a bench shop DB (MariaDB), runs the stream indexer in-process against a fresh topic and
 * index, and drives the demo writer at each rate in turn. For every change it measures the time
 * from the DB commit to the document being searchable (a search sees the row's version, or no
 * longer sees a deleted/hidden product), and at the end of each step the consumer lag. A rate is
 * sustainable when the writer held it and the lag did not grow beyond two seconds of events.
 * The writer batches (`CatalogSimulator.run` with `batchSize` = rate / 20: one transaction of
 * multi-row updates and one publish per ~50 ms of changes), so it can reach several thousand
 * changes/s; the raw `_bulk` limit is measured in the same run over `--raw-docs` documents (the
 * seeded ones copied under new ids), 1000 per request, two in flight. The stream runs with the app's
 * default settings; each change's latency is also cut into commit -> published, published -> its
 * bulk returned, and bulk returned -> searchable, beside the stream's per-stage seconds.
 */
import { percentile } from '@keel/test-harness';
import { CatalogSimulator, ShopCatalog, catalogEntities, seedCatalog } from '@keel/catalog';
import { dataSourceOptionsFromUrl } from '@keel/datasource';
import {
  createElasticsearchClient,
  createIndexForBulk,
  restoreServingSettings,
  swapAliases,
} from '@keel/es-alias';
import { aliasPairOf, productIndexDefinition, writeAliasOf } from '@keel/product-index';
import { ProductIndexer } from '@keel/etl-core';
import { ProductChangePublisher, createKafka } from '@keel/kafka-bus';
import { Logger } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { indexerStreamConfigSchema } from '../src/config';
import { StreamIndexerService, type ProductIndexing } from '../src/stream/stream-indexer.service';
import { stageSeconds } from '../src/stream/stream.metrics';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '20000' },
    rates: { type: 'string', default: '500,1000,2000,3000' },
    'step-s': { type: 'string', default: '10' },
    /** Documents the raw `_bulk` limit is measured over (the seeded documents, copied under new ids). */
    'raw-docs': { type: 'string', default: '60000' },
    'mysql-url': {
      type: 'string',
      default: process.env['KEEL_BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/keel_shop_test',
    },
    'es-url': { type: 'string', default: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' },
    brokers: { type: 'string', default: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092' },
  },
});
const rates = values.rates.split(',').map(Number);
const stepMs = Number(values['step-s']) * 1000;
const stamp = Date.now().toString(36);
const out = (line: string) => process.stdout.write(`${line}\n`);

interface Pending {
  id: number;
  committedAt: number;
  /** The writer's publish of the change's batch returned. */
  publishedAt: number;
  expected?: { version: number; visible: boolean };
}

/** One change's latency cut at the points the bench sees: published, bulk done, searchable. */
interface Split {
  publish: number;
  index: number;
  refresh: number;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const base = new URL(values['mysql-url']);
  const database = `${base.pathname.slice(1)}_streambench_${stamp}`;
  const admin = new DataSource(dataSourceOptionsFromUrl(base.toString(), { poolSize: 1 }));
  await admin.initialize();
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  base.pathname = `/${database}`;
  const db = new DataSource(
    dataSourceOptionsFromUrl(base.toString(), { entities: catalogEntities, poolSize: 8 }),
  );
  await db.initialize();
  const es = createElasticsearchClient(values['es-url']);
  const kafka = createKafka({ clientId: 'stream-bench', brokers: values.brokers.split(',') });
  const alias = `stream-bench-${stamp}`;
  const topic = `stream-bench-${stamp}`;
  let index = '';
  let service: StreamIndexerService | undefined;
  const kafkaAdmin = kafka.admin();
  const publisher = new ProductChangePublisher(kafka, topic);
  try {
    const products = Number(values.products);
    out(`seeding ${products} products into ${database}`);
    await seedCatalog(db, { products, seed: 3 });
    const catalog = new ShopCatalog(db);
    index = await createIndexForBulk(es, `${alias}-000001`, productIndexDefinition());
    await restoreServingSettings(es, index);
    await swapAliases(es, aliasPairOf(alias), index);
    // the app's defaults (what `indexer-stream` runs with when nothing is set)
    const defaults = indexerStreamConfigSchema.parse({});
    const indexer = new ProductIndexer(catalog, es, {
      index: writeAliasOf(alias),
      source: 'stream',
      deleteMissing: true,
      batchSize: defaults.STREAM_ROUND_SIZE,
      concurrency: defaults.STREAM_INDEX_CONCURRENCY,
    });
    const range = await catalog.idRange();
    if (!range) throw new Error('empty catalogue');
    await indexer.index(Array.from({ length: range.maxId - range.minId + 1 }, (_, i) => range.minId + i));
    // the limit, in the same run: the seeded documents prebuilt in memory and copied under new ids
    // up to --raw-docs, plain _bulk of 1000 with two requests in flight (as the recovery bench does)
    const allIds = Array.from({ length: range.maxId - range.minId + 1 }, (_, i) => range.minId + i);
    const docs = (await indexer.plan(allIds)).flatMap((a) => (a.kind === 'upsert' ? [a.document] : []));
    const rawDocs = Math.max(docs.length, Number(values['raw-docs']));
    const scratch = await createIndexForBulk(es, `${alias}-raw`, productIndexDefinition());
    const rawStarted = process.hrtime.bigint();
    let sent = 0;
    const rawWorker = async () => {
      while (sent < rawDocs) {
        const from = sent;
        sent = Math.min(rawDocs, sent + 1000);
        const operations = [];
        for (let n = from; n < sent; n++) {
          const doc = docs[n % docs.length] as (typeof docs)[number];
          operations.push({ index: { _index: scratch, _id: String(n) } }, doc);
        }
        const response = await es.bulk({ operations });
        if (response.errors) throw new Error('the raw _bulk limit: some documents were refused');
      }
    };
    await Promise.all([rawWorker(), rawWorker()]);
    const rawDocsPerSecond = rawDocs / (Number(process.hrtime.bigint() - rawStarted) / 1e9);
    await es.indices.delete({ index: scratch });
    out(
      `raw _bulk limit (same run): ${Math.round(rawDocsPerSecond)} docs/s over ${rawDocs} documents (${docs.length} distinct), 1000 per request, 2 in flight`,
    );
    await kafkaAdmin.connect();
    await publisher.connect();
    const groupId = `stream-bench-${stamp}`;
    // when each id's bulk returned (a change is "indexed" at its id's first bulk after its publish)
    const indexedAt = new Map<number, number[]>();
    const timed: ProductIndexing = {
      index: (ids, progress) =>
        indexer.index(ids, {
          ...progress,
          onBatch: async (batch) => {
            const now = Date.now();
            for (const id of batch) {
              const times = indexedAt.get(id);
              if (times) times.push(now);
              else indexedAt.set(id, [now]);
            }
            await progress?.onBatch?.(batch);
          },
        }),
    };
    service = new StreamIndexerService(kafka, timed, {
      topic,
      deadLetterTopic: `${topic}.dlq`,
      partitions: defaults.STREAM_TOPIC_PARTITIONS,
      groupId,
      roundSize: defaults.STREAM_ROUND_SIZE,
      maxRoundSize: defaults.STREAM_MAX_ROUND_SIZE,
      partitionsConcurrency: defaults.STREAM_PARTITIONS_CONCURRENCY,
      runsInFlight: defaults.STREAM_RUNS_IN_FLIGHT,
      backoff: { baseMs: 200, maxMs: 5_000 },
    });
    out(
      `stream settings (the app's defaults): ${defaults.STREAM_TOPIC_PARTITIONS} partitions, ` +
        `${defaults.STREAM_PARTITIONS_CONCURRENCY} handled at once, rounds ${defaults.STREAM_ROUND_SIZE}-` +
        `${defaults.STREAM_MAX_ROUND_SIZE} by lag, ${defaults.STREAM_RUNS_IN_FLIGHT} runs in flight, ` +
        `batches of ${defaults.STREAM_ROUND_SIZE} with ${defaults.STREAM_INDEX_CONCURRENCY} loads/bulks in flight`,
    );
    const stageTotals = async () =>
      new Map((await stageSeconds.get()).values.map((v) => [String(v.labels['stage']), v.value]));
    await service.start();
    const lag = async () => {
      const [end, [committed]] = await Promise.all([
        kafkaAdmin.fetchTopicOffsets(topic),
        kafkaAdmin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      const high = end.reduce((s, p) => s + Number(p.high), 0);
      const done = (committed?.partitions ?? []).reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
      return high - done;
    };

    const rows: string[][] = [];
    const splitRows: string[][] = [];
    const stageRows: string[][] = [];
    for (const rate of rates) {
      const pending: Pending[] = [];
      const latencies: number[] = [];
      const splits: Split[] = [];
      const stagesBefore = await stageTotals();
      let writing = true;
      // resolves each change's expected version once, then polls the read alias until it shows it
      const poller = (async () => {
        while (writing || pending.length > 0) {
          // a change cannot be searchable before a bulk of its id returned after its commit: only
          // those are planned and searched (the bench's own reads and searches compete with the
          // indexer and Elasticsearch for the same two cores, so they are kept to what can resolve)
          const ready = pending.filter((p) => (indexedAt.get(p.id) ?? []).some((t) => t >= p.committedAt));
          const unplanned = ready.filter((p) => !p.expected);
          if (unplanned.length > 0) {
            const actions = new Map((await indexer.plan(unplanned.map((p) => p.id))).map((a) => [a.id, a]));
            for (const p of unplanned) {
              const action = actions.get(p.id);
              if (action) p.expected = { version: action.version, visible: action.kind === 'upsert' };
            }
          }
          const ids = [...new Set(ready.map((p) => String(p.id)))];
          if (ids.length > 0) {
            const found = await es.search({
              index: alias,
              size: ids.length,
              query: { ids: { values: ids } },
              version: true,
              _source: false,
            });
            const seen = new Map(found.hits.hits.map((h) => [Number(h._id), h._version ?? 0]));
            const now = Date.now();
            const resolved: Pending[] = [];
            for (let i = pending.length - 1; i >= 0; i--) {
              const p = pending[i] as Pending;
              if (!p.expected) continue;
              const version = seen.get(p.id);
              const done = p.expected.visible ? (version ?? 0) >= p.expected.version : version === undefined;
              if (done) resolved.push(p);
            }
            // a later change of the same product supersedes an earlier one: both are visible now
            for (const p of resolved) {
              for (let i = pending.length - 1; i >= 0; i--) {
                const q = pending[i] as Pending;
                if (q.id === p.id && q.committedAt <= p.committedAt) {
                  latencies.push(now - q.committedAt);
                  const bulkDone = (indexedAt.get(q.id) ?? []).find((t) => t >= q.publishedAt);
                  if (bulkDone !== undefined && bulkDone <= now)
                    splits.push({
                      publish: q.publishedAt - q.committedAt,
                      index: bulkDone - q.publishedAt,
                      refresh: now - bulkDone,
                    });
                  pending.splice(i, 1);
                }
              }
            }
          }
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      })();
      const simulator = new CatalogSimulator(db, { seed: rate, publish: (ids) => publisher.publish(ids) });
      const report = await simulator.run({
        rate,
        durationMs: stepMs,
        concurrency: 4,
        batchSize: Math.max(1, Math.round(rate / 20)),
        // called once the change's batch is published
        onChange: (change) =>
          pending.push({ id: change.productId, committedAt: change.committedAt, publishedAt: Date.now() }),
      });
      const lagAtEnd = await lag();
      writing = false;
      const drainStarted = Date.now();
      while ((await lag()) > 0 && Date.now() - drainStarted < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const drainMs = Date.now() - drainStarted;
      const deadline = Date.now() + 30_000;
      while (pending.length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const unseen = pending.length;
      pending.length = 0;
      await poller;
      const achieved = report.changes / (report.elapsedMs / 1000);
      const sorted = [...latencies].sort((a, b) => a - b);
      const sustainable = achieved >= rate * 0.95 && lagAtEnd <= rate * 2 && unseen === 0;
      rows.push([
        String(rate),
        achieved.toFixed(1),
        String(report.changes),
        String(percentile(sorted, 50)),
        String(percentile(sorted, 99)),
        String(sorted[sorted.length - 1] ?? NaN),
        String(lagAtEnd),
        String(drainMs),
        String(unseen),
        sustainable ? 'yes' : 'no',
      ]);
      const p = (values: number[], q: number) =>
        percentile(
          [...values].sort((x, y) => x - y),
          q,
        );
      const cut = (key: keyof Split) =>
        `${p(
          splits.map((x) => x[key]),
          50,
        )} / ${p(
          splits.map((x) => x[key]),
          99,
        )}`;
      splitRows.push([String(rate), String(splits.length), cut('publish'), cut('index'), cut('refresh')]);
      const stagesAfter = await stageTotals();
      const stageNames = ['wait', 'load', 'bulk', 'dead-letter', 'commit'];
      stageRows.push([
        String(rate),
        ...stageNames.map((st) => ((stagesAfter.get(st) ?? 0) - (stagesBefore.get(st) ?? 0)).toFixed(2)),
      ]);
      for (const times of indexedAt.values()) times.length = 0;
      out(`  rate ${rate}/s done`);
    }
    const header = [
      'target/s',
      'writer/s',
      'changes',
      'p50 ms',
      'p99 ms',
      'max ms',
      'lag',
      'drain ms',
      'unseen',
      'sustainable',
    ];
    out(
      `\nindexer-stream bench: ${values.products} products, ${values['step-s']} s per rate, ${new Date().toISOString()}`,
    );
    out('latency = DB commit to searchable through the read alias (refresh interval included)');
    const table = (head: string[], body: string[][]) => {
      const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
      for (const row of [head, ...body]) out(row.map((c, i) => c.padStart(w[i] as number)).join('  '));
    };
    table(header, rows);
    out('\nlatency split, p50 / p99 ms: commit -> published (writer), published -> its bulk returned');
    out('(Kafka, round, load, bulk), bulk returned -> searchable (refresh interval, bench poll)');
    table(['target/s', 'changes split', 'publish', 'index', 'refresh'], splitRows);
    out('\nstream stage seconds per step (keel_stream_stage_seconds_total, summed over concurrent work)');
    table(['target/s', 'wait', 'load', 'bulk', 'dead-letter', 'commit'], stageRows);
    const best = rows.filter((r) => r[9] === 'yes').map((r) => Number(r[0]));
    out(`highest sustainable rate tried: ${best.length > 0 ? Math.max(...best) : 'none'} changes/s`);
    const stats = service.stats();
    out(`consumer totals: ${JSON.stringify(stats)}`);
  } finally {
    await service?.stop();
    await publisher.disconnect();
    await kafkaAdmin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await kafkaAdmin.disconnect();
    if (index) await es.indices.delete({ index, ignore_unavailable: true });
    await es.close();
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
