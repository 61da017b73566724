import { type ShopCatalog, withCatalogSession } from '@keel/catalog';
import type { DataSource } from 'typeorm';
import { joinCountSqlFor, joinSqlFor } from './join-sql';
import type { JoinQuestion } from './join-questions';
import type { ProductSearcher } from './product-searcher';
import { parseProductSearch } from './search-query';

export interface EquivalenceOptions {
  /** How many leading ids to compare per question. */
  depth?: number;
  /** Search page size; depth / pageSize pages are walked with cursors. */
  pageSize?: number;
}

export interface Difference {
  /** 0-based position of the first id that differs (or that one list lacks). */
  position: number;
  search: number | null;
  join: number | null;
}

export interface QuestionOutcome {
  name: string;
  searchIds: number[];
  joinIds: number[];
  searchTotal: number;
  joinTotal: number;
  /** The first differing position, absent when both lists are equal. */
  difference?: Difference;
  equal: boolean;
}

/** The first position where two id lists differ, or undefined when they are equal. */
export function firstDifference(search: readonly number[], join: readonly number[]): Difference | undefined {
  const length = Math.max(search.length, join.length);
  for (let i = 0; i < length; i++) {
    if (search[i] !== join[i]) return { position: i, search: search[i] ?? null, join: join[i] ?? null };
  }
  return undefined;
}

/**
 * Asks each question twice, through the search path (index for ids, page by page with cursors, then
 * the DB by id) and as the JOIN query on the shop DB, and compares the ids in order and the totals.
 */
export async function checkJoinEquivalence(
  dataSource: DataSource,
  catalog: ShopCatalog,
  searcher: ProductSearcher,
  questions: readonly JoinQuestion[],
  options: EquivalenceOptions = {},
): Promise<QuestionOutcome[]> {
  const depth = options.depth ?? 100;
  const pageSize = options.pageSize ?? 25;
  const outcomes: QuestionOutcome[] = [];
  for (const question of questions) {
    const search = parseProductSearch(question.search);
    const searchIds: number[] = [];
    let after: string | null = null;
    let searchTotal = 0;
    do {
      const page = await searcher.search({ search: question.search, first: pageSize, after });
      searchTotal = page.totalCount;
      searchIds.push(...page.hits.map((h) => h.product.id));
      after = page.hasNextPage ? page.endCursor : null;
    } while (after && searchIds.length < depth);
    searchIds.splice(depth);

    const statement = joinSqlFor(search, catalog.dialect, { limit: depth });
    const count = joinCountSqlFor(search, catalog.dialect);
    const [joinIds, joinTotal] = await withCatalogSession(dataSource, catalog.dialect, async (q) => [
      (await q(statement.sql, statement.params)).map((r) => Number(r['id'])),
      Number((await q(count.sql, count.params))[0]?.['n'] ?? 0),
    ]);
    let difference = firstDifference(searchIds, joinIds);
    if (!difference && searchTotal !== joinTotal)
      difference = { position: -1, search: searchTotal, join: joinTotal };
    outcomes.push({
      name: question.name,
      searchIds,
      joinIds,
      searchTotal,
      joinTotal,
      difference,
      equal: !difference,
    });
  }
  return outcomes;
}

/** One line per question: `ok` or the first differing position with both ids. */
export function describeOutcome(outcome: QuestionOutcome): string {
  const head = `${outcome.equal ? 'ok  ' : 'FAIL'} ${outcome.name}`;
  const d = outcome.difference;
  if (!d) return `${head}: ${outcome.searchIds.length} ids equal in order (total ${outcome.searchTotal})`;
  if (d.position < 0) return `${head}: totals differ: search ${d.search}, join ${d.join}`;
  return `${head}: first difference at position ${d.position}: search id ${d.search ?? '(none)'}, join id ${d.join ?? '(none)'}`;
}
