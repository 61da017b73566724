/**
 * Seeds a shop DB with a deterministic demo catalogue (runs the catalogue migrations first).
 *
 *   npx nx run catalog:seed --products 100000 [--url mysql://…|postgres://…] [--seed 1] [--reset | --if-empty]
 *
 * --if-empty: leave a catalogue that already has products as it is (exit 0), e.g. for the demo start.
 */
import { dataSourceOptionsFromUrl, redactUrl } from '@keel/datasource';
import { runCli } from '@keel/service-runtime';
import { DataSource } from 'typeorm';
import { seedCatalog } from '../index';
import { parseArgs } from 'node:util';
import { shopDbUrl } from './cli-args';

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    strict: true,
    options: {
      products: { type: 'string' },
      url: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      'if-empty': { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
    },
  });
  const url = shopDbUrl(args.url);
  const products = positiveInt('products', args.products, 10_000);
  const dataSource = new DataSource(dataSourceOptionsFromUrl(url, { poolSize: 3 }));
  await dataSource.initialize();
  try {
    if (args['if-empty'] && !args.reset) {
      const [row] = await dataSource
        .query('SELECT COUNT(*) AS n FROM products')
        .catch(() => [{ n: 0 }] as { n: number }[]);
      if (Number(row?.n) > 0) {
        console.log(`${redactUrl(url)} already has ${row?.n} products: left as it is`);
        return;
      }
    }
    console.log(`seeding ${products} products into ${redactUrl(url)}${args.reset ? ' (reset)' : ''}`);
    let lastLog = 0;
    const report = await seedCatalog(dataSource, {
      products,
      seed: positiveInt('seed', args.seed, 1),
      reset: args.reset,
      batchSize:
        args['batch-size'] === undefined ? undefined : positiveInt('batch-size', args['batch-size'], 2000),
      onProgress: (p) => {
        if (p.elapsedMs - lastLog < 5000) return;
        lastLog = p.elapsedMs;
        console.log(
          `  ${p.products} products, ${p.rows} rows, ${Math.round(p.rows / (p.elapsedMs / 1000))} rows/s`,
        );
      },
    });
    const seconds = report.elapsedMs / 1000;
    console.log(
      `done in ${seconds.toFixed(1)} s: ${report.products} products, ${report.options} options, ` +
        `${report.images} images, ${report.productTags} product tags, ${report.shops} shops, ` +
        `${report.categories} categories, ${report.tags} tags`,
    );
    console.log(
      `${report.rows} rows, ${Math.round(report.rows / seconds)} rows/s, ${Math.round(report.products / seconds)} products/s`,
    );
  } finally {
    await dataSource.destroy();
  }
}

runCli(async () => {
  await main();
  return 0;
});
