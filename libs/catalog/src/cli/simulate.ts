/**
 * The demo writer: updates random products at a steady rate and publishes each changed product id
 * to Kafka (`catalog.product-changed`, created with 6 partitions when missing).
 *
 *   npx nx run catalog:simulate --rate 50 [--duration 60] [--url mysql://…|postgres://…]
 *     [--brokers 127.0.0.1:19092] [--topic catalog.product-changed] [--seed N]
 *     [--batch N] [--concurrency 4]   (N changes per transaction and publish; default rate/20)
 */
import { dataSourceOptionsFromUrl, redactUrl } from '@keel/datasource';
import { ProductChangePublisher, createKafka, ensureTopics, productChangedTopic } from '@keel/kafka-bus';
import { runCli } from '@keel/service-runtime';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { CatalogSimulator } from '../index';
import { shopDbUrl } from './cli-args';

function positiveNumber(name: string, value: string | undefined, fallback: number | undefined) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    strict: true,
    options: {
      rate: { type: 'string' },
      duration: { type: 'string' },
      url: { type: 'string' },
      brokers: { type: 'string' },
      topic: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  const rate = positiveNumber('rate', args.rate, 10) ?? 10;
  const durationS = positiveNumber('duration', args.duration, undefined);
  // several thousand changes/s need batches: by default one batch per ~50 ms of changes
  const batchSize = Math.floor(positiveNumber('batch', args.batch, Math.max(1, Math.round(rate / 20))) ?? 1);
  const concurrency = Math.floor(positiveNumber('concurrency', args.concurrency, 4) ?? 4);
  const url = shopDbUrl(args.url);
  const topic = args.topic ?? productChangedTopic;
  const brokers = (args.brokers ?? process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');

  const kafka = createKafka({ clientId: 'catalog-simulate', brokers });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, numPartitions: 6 }]);
  await admin.disconnect();
  const publisher = new ProductChangePublisher(kafka, topic);
  await publisher.connect();
  const dataSource = new DataSource(dataSourceOptionsFromUrl(url, { poolSize: 6 }));
  await dataSource.initialize();

  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  console.log(
    `changing products in ${redactUrl(url)} at ${rate}/s, publishing to ${topic}` +
      (durationS ? ` for ${durationS} s` : ' until Ctrl-C'),
  );
  let count = 0;
  let lastLog = Date.now();
  try {
    const report = await new CatalogSimulator(dataSource, {
      publish: (ids) => publisher.publish(ids),
      seed: args.seed === undefined ? undefined : Number(args.seed),
    }).run({
      rate,
      durationMs: durationS === undefined ? undefined : durationS * 1000,
      signal: stop.signal,
      batchSize,
      concurrency,
      onChange: () => {
        count++;
        if (Date.now() - lastLog >= 5000) {
          lastLog = Date.now();
          console.log(`  ${count} changes`);
        }
      },
    });
    const seconds = report.elapsedMs / 1000;
    console.log(
      `done: ${report.changes} changes in ${seconds.toFixed(1)} s (${(report.changes / seconds).toFixed(1)}/s), ` +
        `${report.behind} behind; ${JSON.stringify(report.byKind)}`,
    );
  } finally {
    await publisher.disconnect();
    await dataSource.destroy();
  }
}

runCli(async () => {
  await main();
  return 0;
});
