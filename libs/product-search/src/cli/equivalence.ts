/**
 * Join equivalence against any shop DB and index: every question shape asked through the search path
 * (index for ids, cursor pages, rows by id) and as the JOIN query; exit 1 on the first mismatch found.
 *
 *   npx nx run product-search:equivalence --shop-db-url mysql://… --elasticsearch-url http://… --alias products
 *     [--depth 100] [--page-size 25]
 */
import { ShopCatalog } from '@keel/catalog';
import { dataSourceOptionsFromUrl, redactUrl } from '@keel/datasource';
import { createElasticsearchClient } from '@keel/es-alias';
import { positiveIntOption, runCli } from '@keel/service-runtime';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import {
  ProductSearcher,
  checkJoinEquivalence,
  describeOutcome,
  joinQuestions,
  readCatalogueFacts,
} from '../index';

async function main(): Promise<number> {
  const { values: args } = parseArgs({
    strict: true,
    options: {
      'shop-db-url': { type: 'string' },
      'elasticsearch-url': { type: 'string' },
      alias: { type: 'string' },
      depth: { type: 'string' },
      'page-size': { type: 'string' },
    },
  });
  const shopDbUrl =
    args['shop-db-url'] ?? process.env['SHOP_DB_URL'] ?? 'mysql://root@127.0.0.1:3306/keel_shop';
  const elasticsearchUrl =
    args['elasticsearch-url'] ?? process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
  const alias = args.alias ?? process.env['PRODUCTS_READ_ALIAS'] ?? 'products';
  const depth = positiveIntOption('depth', args.depth, 100);
  const pageSize = positiveIntOption('page-size', args['page-size'], 25);

  const dataSource = new DataSource(dataSourceOptionsFromUrl(shopDbUrl, { poolSize: 2 }));
  await dataSource.initialize();
  const client = createElasticsearchClient(elasticsearchUrl);
  try {
    const catalog = new ShopCatalog(dataSource);
    const searcher = new ProductSearcher(client, catalog, {
      readAlias: alias,
      logger: { warn: (message: string) => process.stderr.write(`warn: ${message}\n`) },
    });
    console.log(`join equivalence: ${redactUrl(shopDbUrl)} vs alias "${alias}" at ${elasticsearchUrl}`);
    const facts = await readCatalogueFacts(dataSource, catalog.dialect);
    console.log(`facts: ${JSON.stringify(facts)}`);
    const outcomes = await checkJoinEquivalence(dataSource, catalog, searcher, joinQuestions(facts), {
      depth,
      pageSize,
    });
    for (const outcome of outcomes) console.log(describeOutcome(outcome));
    const failed = outcomes.filter((o) => !o.equal).length;
    console.log(
      failed === 0
        ? `all ${outcomes.length} questions equal (first ${depth} ids in order, and totals)`
        : `${failed} of ${outcomes.length} questions differ`,
    );
    return failed === 0 ? 0 : 1;
  } finally {
    await client.close();
    await dataSource.destroy();
  }
}

// a run that cannot even start (bad URL, missing alias) exits 2, a mismatch 1
runCli(main, [[Error, 2]]);
