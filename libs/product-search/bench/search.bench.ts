/**
 * Search with hydration vs the JOIN queries it replaces, on the same shop DB (figures, no verdicts).
 *
 *   npx nx run product-search:bench [--shop-db-url mysql://…/keel_shop_bench1m] [--alias products-bench1m]
 *     [--rounds 5] [--join-rounds 1] [--join-timeout-s 30] [--page-size 20]
 *
 * The mix: every join-equivalence question, page 1 and page 2 (search: cursor; JOIN: OFFSET). The index
 * must exist already; build it once from the shop DB with the recovery CLI:
 *   SHOP_DB_URL=mysql://root@127.0.0.1:3306/keel_shop_bench1m PRODUCTS_ALIAS=products-bench1m \
 *     node dist/apps/indexer-recovery/cli.js run
 */
import { percentile } from '@keel/test-harness';
import { ShopCatalog, withCatalogSession } from '@keel/catalog';
import { dataSourceOptionsFromUrl, redactUrl } from '@keel/datasource';
import { createElasticsearchClient, indicesOfAlias } from '@keel/es-alias';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ProductSearcher, joinQuestions, joinSqlFor, parseProductSearch, readCatalogueFacts } from '../src';

const int = (name: string, value: string | undefined, fallback: number) => {
  const n = value === undefined ? fallback : Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive integer, got "${value}"`);
  return n;
};

const print = (line: string) => process.stdout.write(`${line}\n`);
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    strict: true,
    options: {
      'shop-db-url': { type: 'string' },
      'elasticsearch-url': { type: 'string' },
      alias: { type: 'string' },
      rounds: { type: 'string' },
      'join-rounds': { type: 'string' },
      'join-timeout-s': { type: 'string' },
      'page-size': { type: 'string' },
    },
  });
  const shopDbUrl = args['shop-db-url'] ?? 'mysql://root@127.0.0.1:3306/keel_shop_bench1m';
  const elasticsearchUrl =
    args['elasticsearch-url'] ?? process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
  const alias = args.alias ?? 'products-bench1m';
  const rounds = int('rounds', args.rounds, 5);
  const joinRounds = int('join-rounds', args['join-rounds'], 1);
  const joinTimeoutS = int('join-timeout-s', args['join-timeout-s'], 30);
  const pageSize = int('page-size', args['page-size'], 20);

  const dataSource = new DataSource(dataSourceOptionsFromUrl(shopDbUrl, { poolSize: 2 }));
  await dataSource.initialize();
  const client = createElasticsearchClient(elasticsearchUrl);
  try {
    if ((await indicesOfAlias(client, alias)).length === 0)
      throw new Error(`alias "${alias}" does not exist: build it first (see the header of this file)`);
    const catalog = new ShopCatalog(dataSource);
    const dialect = catalog.dialect;
    const count = await client.count({ index: alias });
    print(`bench: ${redactUrl(shopDbUrl)} vs alias "${alias}" (${count.count} documents)`);
    const questions = joinQuestions(await readCatalogueFacts(dataSource, dialect));
    const searcher = new ProductSearcher(client, catalog, {
      readAlias: alias,
      logger: { warn: () => undefined },
    });

    // search: page 1, then page 2 through the cursor; one sample per page
    const searchTimes: number[] = [];
    const esTimes: number[] = [];
    const hydrateTimes: number[] = [];
    const perQuestion = new Map<string, { search: number[]; join: number[]; timeouts: number }>();
    questions.forEach((q) => perQuestion.set(q.name, { search: [], join: [], timeouts: 0 }));
    for (let round = 0; round <= rounds; round++) {
      for (const question of questions) {
        let after: string | null = null;
        for (let pageNo = 0; pageNo < 2; pageNo++) {
          const started = performance.now();
          const page = await searcher.search({ search: question.search, first: pageSize, after });
          const took = performance.now() - started;
          after = page.endCursor;
          if (round === 0) continue; // warm-up
          searchTimes.push(took);
          esTimes.push(page.elasticsearchMs);
          hydrateTimes.push(page.hydrateMs);
          perQuestion.get(question.name)?.search.push(took);
        }
      }
    }

    // JOIN: the same questions and pages as one statement each, returning the product rows
    const joinTimes: number[] = [];
    let timeouts = 0;
    for (let round = 0; round < joinRounds; round++) {
      for (const question of questions) {
        const search = parseProductSearch(question.search);
        for (let pageNo = 0; pageNo < 2; pageNo++) {
          const statement = joinSqlFor(search, dialect, {
            columns: 'rows',
            limit: pageSize,
            offset: pageNo === 0 ? undefined : pageSize,
          });
          const started = performance.now();
          let timedOut = false;
          await withCatalogSession(dataSource, dialect, async (q) => {
            // a statement over the budget is stopped and recorded at the budget (a floor)
            if (dialect === 'mysql') await q(`SET SESSION max_statement_time = ${joinTimeoutS}`);
            else await q(`SET statement_timeout = ${joinTimeoutS * 1000}`);
            try {
              await q(statement.sql, statement.params);
            } catch (error) {
              if (
                !/max_statement_time|statement timeout|interrupted|canceling statement/i.test(String(error))
              )
                throw error;
              timedOut = true;
            } finally {
              if (dialect === 'mysql') await q('SET SESSION max_statement_time = 0');
              else await q('SET statement_timeout = 0');
            }
          });
          const took = timedOut ? joinTimeoutS * 1000 : performance.now() - started;
          if (timedOut) timeouts++;
          joinTimes.push(took);
          const entry = perQuestion.get(question.name);
          entry?.join.push(took);
          if (entry && timedOut) entry.timeouts++;
        }
      }
    }

    print(`\nper question (ms, p50 over pages 1 and 2; search ${rounds} rounds, JOIN ${joinRounds}):`);
    print('search p50 | JOIN p50 | ratio JOIN/search | question');
    for (const [name, t] of perQuestion) {
      const s = percentile(t.search, 50);
      const j = percentile(t.join, 50);
      print(
        `${ms(s).padStart(10)} | ${(ms(j) + (t.timeouts > 0 ? '+' : '')).padStart(8)} | ${(j / s).toFixed(1).padStart(17)} | ${name}`,
      );
    }
    const s50 = percentile(searchTimes, 50);
    const s95 = percentile(searchTimes, 95);
    const j50 = percentile(joinTimes, 50);
    const j95 = percentile(joinTimes, 95);
    print(`\nmixed set: ${questions.length} questions x 2 pages of ${pageSize}`);
    print(
      `search + hydration: p50 ${ms(s50)} ms, p95 ${ms(s95)} ms (${searchTimes.length} pages; Elasticsearch p50 ${ms(percentile(esTimes, 50))} ms, hydration p50 ${ms(percentile(hydrateTimes, 50))} ms)`,
    );
    print(
      `JOIN queries:       p50 ${ms(j50)} ms, p95 ${ms(j95)} ms (${joinTimes.length} statements; ${timeouts} stopped at the ${joinTimeoutS} s budget, counted as ${joinTimeoutS} s)`,
    );
    print(`ratio JOIN/search:  p50 ${(j50 / s50).toFixed(1)}x, p95 ${(j95 / s95).toFixed(1)}x`);
  } finally {
    await client.close();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
