/**
 * `npx nx run indexer-recovery:bench [--products N] [--reuse]`: figures, not verdicts.
 *
 * Seeds N products into a bench shop DB (MariaDB), then, each in its own child process so each peak
 * RSS is its own:
 *   recovery  a full RecoveryService run (ranges, catch-up, verify, swap) into a fresh index, once per
 *             entry of --workers (1,2: one process, then the coordinator and one extra worker process
 *             that joins the run's ranges through the lease table);
 *   raw       the limit: the same documents prebuilt in memory (all of them, up to --raw-docs), sent with
 *             plain `_bulk` at several batch sizes into a bulk-tuned index; the best size counts.
 * Prints docs/s of both, their ratio, and peak RSS.
 */
import { ShopCatalog, catalogEntities, runCatalogMigrations, seedCatalog } from '@keel/catalog';
import { dataSourceOptionsFromUrl } from '@keel/datasource';
import { createElasticsearchClient, createIndexForBulk, indicesOfFamily } from '@keel/es-alias';
import { BULK_ITEM_FIELDS, ProductIndexer, idsOf, rangesTopDown } from '@keel/etl-core';
import { type ProductDocument, aliasPairOf, productIndexDefinition } from '@keel/product-index';
import { printResult, runResultScript } from '@keel/test-harness';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadIndexerRecoveryConfig } from '../src/config';
import { RecoveryRunStore } from '../src/recovery/recovery-run.store';
import { recoveryMigrations } from '../src/recovery/recovery.migration';
import { RecoveryService } from '../src/recovery/recovery.service';

const { values } = parseArgs({
  options: {
    products: { type: 'string', default: '200000' },
    /**
     * Documents the raw limit writes: the recovery's own documents, all of them up to this many (an
     * index of 100k documents costs Elasticsearch less per document than the rebuild's, so a smaller raw
     * set overstates the limit; above this, memory: the raw phase holds its documents as objects).
     */
    'raw-docs': { type: 'string', default: '400000' },
    reuse: { type: 'boolean', default: false },
    phase: { type: 'string' },
    /** Ids per range (the app's RECOVERY_BATCH_SIZE; nx swallows `--batch-size`); bulk requests are sized by latency. */
    'range-ids': { type: 'string' },
    /** Worker processes per recovery run, one run per entry: `1,2` prints the figure for one and two. */
    workers: { type: 'string', default: '1,2' },
    /** Internal: the worker phase joins the first run newer than this id. */
    'after-run': { type: 'string', default: '0' },
    /** The read alias (and index-name prefix) the bench rebuilds: unique per user of a shared stack. */
    alias: { type: 'string', default: process.env['KEEL_BENCH_ALIAS'] ?? 'bench-products' },
    'mysql-url': {
      type: 'string',
      default: process.env['KEEL_BENCH_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/keel_shop_bench',
    },
    'postgres-url': {
      type: 'string',
      default:
        process.env['KEEL_BENCH_POSTGRES_URL'] ??
        'postgres://postgres@127.0.0.1:5432/keel_test?schema=keel_bench',
    },
    'es-url': { type: 'string', default: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200' },
  },
});
const products = Number(values.products);
const rawDocs = Number(values['raw-docs']);
const alias = values.alias;
const es = createElasticsearchClient(values['es-url'], { requestTimeoutMs: 120_000 });
// the app's pipeline settings, from the same variables (RECOVERY_CONCURRENCY, RECOVERY_READ_CONCURRENCY, ...)
const appConfig = loadIndexerRecoveryConfig(process.env);
const rangeIds = values['range-ids'] ? Number(values['range-ids']) : appConfig.RECOVERY_BATCH_SIZE;
const pipeline = {
  concurrency: appConfig.RECOVERY_CONCURRENCY,
  readConcurrency: appConfig.RECOVERY_READ_CONCURRENCY,
  bufferedRanges: appConfig.RECOVERY_BUFFERED_RANGES,
  bulkTargetMs: appConfig.RECOVERY_BULK_TARGET_MS,
  minBulkDocs: appConfig.RECOVERY_MIN_BULK_DOCS,
  maxBulkDocs: appConfig.RECOVERY_MAX_BULK_DOCS,
};

interface PhaseResult {
  phase: string;
  docs: number;
  seconds: number;
  docsPerSecond: number;
  maxRssMb: number;
  detail?: Record<string, unknown>;
}

const maxRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const out = (result: PhaseResult) => printResult(result);

async function openShop(): Promise<DataSource> {
  const db = new DataSource(
    dataSourceOptionsFromUrl(values['mysql-url'], { entities: catalogEntities, poolSize: 6 }),
  );
  await db.initialize();
  return db;
}

async function prepare(): Promise<void> {
  const url = new URL(values['mysql-url']);
  const serverUrl = new URL(url);
  serverUrl.pathname = '/';
  const admin = new DataSource(dataSourceOptionsFromUrl(serverUrl.toString()));
  await admin.initialize();
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${url.pathname.slice(1)}\` CHARACTER SET utf8mb4`);
  await admin.destroy();
  const shop = await openShop();
  await runCatalogMigrations(shop);
  const [{ n }] = await shop.query('SELECT COUNT(*) AS n FROM products');
  if (values.reuse && Number(n) === products) {
    process.stderr.write(`reusing ${products} seeded products\n`);
  } else {
    const report = await seedCatalog(shop, { products, seed: 42, reset: true });
    process.stderr.write(
      `seeded ${report.products} products (${report.rows} rows) in ${(report.elapsedMs / 1000).toFixed(1)} s\n`,
    );
  }
  await shop.destroy();

  const pgUrl = new URL(values['postgres-url']);
  const schema = pgUrl.searchParams.get('schema');
  const serverPgUrl = new URL(pgUrl);
  serverPgUrl.search = '';
  const pgAdmin = new DataSource(dataSourceOptionsFromUrl(serverPgUrl.toString()));
  await pgAdmin.initialize();
  if (schema) await pgAdmin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await pgAdmin.destroy();
  const platform = new DataSource(dataSourceOptionsFromUrl(values['postgres-url']));
  await platform.initialize();
  const runner = platform.createQueryRunner();
  for (const Migration of recoveryMigrations) await new Migration().up(runner);
  await runner.release();
  // only this alias's runs: another bench may be using the same platform schema with its own alias
  // (through the table's store, the only code that writes recovery_runs)
  const runs = new RecoveryRunStore(platform);
  for (let run = await runs.unfinished(alias); run; run = await runs.unfinished(alias))
    await runs.abandon(run.id, 'left by an earlier bench run');
  await platform.destroy();
  for (const index of await indicesOfFamily(es, alias)) await es.indices.delete({ index });
  for (const index of await indicesOfFamily(es, `${alias}-raw`)) await es.indices.delete({ index });
}

function recoveryService(shop: DataSource, platform: DataSource): RecoveryService {
  return new RecoveryService(new ShopCatalog(shop), platform, es, {
    aliases: aliasPairOf(alias),
    batchSize: rangeIds,
    ...pipeline,
    // the seed was written just before: with an overlap, catch-up would re-index all of its last minute
    overlapMs: 0,
    analyzer: 'standard',
    sampleRanges: 5,
    sampleSize: 200,
    keepIndices: 2,
    leaseMs: 120_000,
  });
}

async function openPlatform(): Promise<DataSource> {
  const platform = new DataSource(dataSourceOptionsFromUrl(values['postgres-url']));
  await platform.initialize();
  return platform;
}

/** A child that runs this file in `phase`; resolves with its RESULT line (or rejects on failure). */
function spawnPhase(phase: string, extra: string[] = []): Promise<PhaseResult> {
  return runResultScript<PhaseResult>(
    __filename,
    [...process.argv.slice(2), '--phase', phase, ...extra],
    `${phase} phase`,
  );
}

async function recoveryPhase(): Promise<void> {
  const workers = Number(values.workers);
  const shop = await openShop();
  const platform = await openPlatform();
  const service = recoveryService(shop, platform);
  const [last] = await service.runs.list(alias, 1);
  // the extra workers wait for the run this process is about to create, then join its ranges
  const extra = Array.from({ length: Math.max(0, workers - 1) }, () =>
    spawnPhase('worker', ['--after-run', String(last?.id ?? 0)]),
  );
  const started = process.hrtime.bigint();
  const run = await service.run({ resume: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const helpers = await Promise.all(extra);
  const docs = run.docsWritten;
  out({
    phase: 'recovery',
    docs,
    seconds,
    docsPerSecond: docs / seconds,
    maxRssMb: Math.max(maxRssMb(), ...helpers.map((h) => h.maxRssMb)),
    detail: {
      ranges: run.rangesTotal,
      workers,
      rangesByWorker: await service.runs.workers(run.id),
      coordinatorRssMb: maxRssMb(),
      workerRssMb: helpers.map((h) => h.maxRssMb),
      pipeline: [service.lastPipelineStats, ...helpers.map((h) => h.detail?.['pipeline'])],
    },
  });
  await shop.destroy();
  await platform.destroy();
}

/** An extra worker process: joins the coordinator's new run as soon as it is in its ranges phase. */
async function workerPhase(): Promise<void> {
  const after = Number(values['after-run']);
  const shop = await openShop();
  const platform = await openPlatform();
  const service = recoveryService(shop, platform);
  const deadline = Date.now() + 120_000;
  let ranges = 0;
  for (;;) {
    const run = await service.runs.unfinished(alias);
    if (run && run.id > after && run.status === 'running') {
      if (run.phase === 'ranges') {
        await service.work();
        ranges = (await service.runs.workers(run.id))[service.workerId] ?? 0;
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`no new run of ${alias} appeared within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  out({
    phase: 'worker',
    docs: 0,
    seconds: 0,
    docsPerSecond: 0,
    maxRssMb: maxRssMb(),
    detail: { ranges, pipeline: service.lastPipelineStats },
  });
  await shop.destroy();
  await platform.destroy();
}

async function rawPhase(): Promise<void> {
  const shop = await openShop();
  const catalog = new ShopCatalog(shop);
  const range = await catalog.idRange();
  if (!range) throw new Error('empty bench catalogue');
  const planner = new ProductIndexer(catalog, es, { index: 'unused', source: 'bench' });
  const docs: ProductDocument[] = [];
  for (const r of rangesTopDown(range.minId, range.maxId, 1000)) {
    for (const action of await planner.plan(idsOf(r)))
      if (action.kind === 'upsert') docs.push(action.document);
    if (docs.length >= rawDocs) break;
  }
  await shop.destroy();
  const bySize: Record<string, number> = {};
  // the limit is the best Elasticsearch does: every batch size, with 2 requests in flight and with as
  // many as the recovery's writers (RECOVERY_CONCURRENCY), whichever is faster
  for (const inFlight of [...new Set([2, pipeline.concurrency])])
    for (const batchSize of [500, 1000, 2000, 5000]) {
      const index = await createIndexForBulk(es, `${alias}-raw`, productIndexDefinition());
      const started = process.hrtime.bigint();
      let next = 0;
      const worker = async () => {
        while (next < docs.length) {
          const slice = docs.slice(next, (next += batchSize));
          const response = await es.bulk({
            // the same response fields the indexer asks for
            filter_path: BULK_ITEM_FIELDS,
            operations: slice.flatMap((d) => [
              {
                index: {
                  _index: index,
                  _id: String(d.id),
                  version: d.version,
                  version_type: 'external_gte' as const,
                },
              },
              d,
            ]),
          });
          if (response.items.some((item) => item.index?.error))
            throw new Error(`raw bulk had errors at batch size ${batchSize}`);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
      bySize[`${batchSize}x${inFlight}`] = docs.length / (Number(process.hrtime.bigint() - started) / 1e9);
      await es.indices.delete({ index });
    }
  const [best, rate] = Object.entries(bySize).sort((a, b) => b[1] - a[1])[0];
  out({
    phase: 'raw',
    docs: docs.length,
    seconds: docs.length / rate,
    docsPerSecond: rate,
    maxRssMb: maxRssMb(),
    detail: {
      bestBatchSize: best,
      docsPerSecondByBatchSize: Object.fromEntries(
        Object.entries(bySize).map(([k, v]) => [k, Math.round(v)]),
      ),
    },
  });
}

async function main(): Promise<void> {
  if (values.phase === 'recovery') return recoveryPhase();
  if (values.phase === 'worker') return workerPhase();
  if (values.phase === 'raw') return rawPhase();
  await prepare();
  const workerCounts = values.workers.split(',').map(Number);
  if (workerCounts.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--workers must list positive integers, got "${values.workers}"`);
  // one after another: each phase has the machine to itself
  const recoveries: { n: number; result: PhaseResult }[] = [];
  for (const n of workerCounts)
    recoveries.push({ n, result: await spawnPhase('recovery', ['--workers', String(n)]) });
  const raw = await spawnPhase('raw');
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  const rows = [
    ['phase', 'docs', 'seconds', 'docs/s', 'peak RSS MB', 'ratio to raw'],
    ...recoveries.map(({ n, result }) => [
      `recovery (full run, ${n} process${n === 1 ? '' : 'es'})`,
      f(result.docs),
      result.seconds.toFixed(1),
      f(result.docsPerSecond),
      String(result.maxRssMb),
      (result.docsPerSecond / raw.docsPerSecond).toFixed(2),
    ]),
    [
      `raw _bulk (batch ${raw.detail?.['bestBatchSize']})`,
      f(raw.docs),
      raw.seconds.toFixed(1),
      f(raw.docsPerSecond),
      String(raw.maxRssMb),
      '',
    ],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  process.stdout.write(
    `\nindexer-recovery bench: ${f(products)} products, ranges of ${rangeIds} ids, ${new Date().toISOString()}\n`,
  );
  for (const row of rows) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i])).join('  ')}\n`);
  process.stdout.write(
    `raw docs/s by batch size x requests in flight: ${JSON.stringify(raw.detail?.['docsPerSecondByBatchSize'])}\n` +
      `recovery pipeline: ${JSON.stringify(pipeline)} (RECOVERY_* variables)\n`,
  );
  for (const { n, result } of recoveries) {
    process.stdout.write(
      `ratio recovery/raw, ${n} process${n === 1 ? '' : 'es'}: ${(result.docsPerSecond / raw.docsPerSecond).toFixed(2)} (goal >= 0.6); ` +
        `ranges by worker ${JSON.stringify(result.detail?.['rangesByWorker'])}\n`,
    );
    // per process: time reading vs writing, and which stage waited for the other
    for (const stats of (result.detail?.['pipeline'] ?? []) as Record<string, number>[]) {
      if (!stats) continue;
      const sec = (ms: number) => (ms / 1000).toFixed(1);
      process.stdout.write(
        `  pipeline: ${stats['items']} ranges, read ${sec(stats['readMs'])} s (blocked ${sec(stats['readerBlockedMs'])} s), ` +
          `write ${sec(stats['writeMs'])} s (idle ${sec(stats['writerIdleMs'])} s), ${stats['docsPerRequest']} docs/request at the end\n`,
      );
    }
  }
}

main()
  .then(() => es.close())
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
