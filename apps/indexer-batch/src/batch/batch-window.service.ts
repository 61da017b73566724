import type { Client } from '@elastic/elasticsearch';
import {
  ParentFanOut,
  TransactionsNotVisible,
  dropCoveredCategories,
  parentTables,
  type ChangeCursor,
  type ShopCatalog,
} from '@keel/catalog';
import {
  ProductIndexer,
  addSummaries,
  emptySummary,
  indexIsolating,
  permanentFailures,
  retryableFailures,
} from '@keel/etl-core';
import { withAdvisoryLock } from '@keel/datasource';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BatchHistoryStore } from './batch-history.store';
import {
  fanOutTotal,
  holdTransactionAge,
  holdsTotal,
  lastSuccessWindowEnd,
  windowIds,
  refusedIds,
  windowsTotal,
} from './batch.metrics';
import {
  emptyWindowCounts,
  type BatchWindowRecord,
  type RefusedId,
  type WindowCounts,
  type WindowKind,
} from './batch-window';
import { assertWindowRule, nextWindow, type HoppingWindow, type WindowRule } from './hopping-window';
import { openTransactionsListed, type WindowClock } from './shop-clock';
import { windowHold, type HoldRule, type WindowHold } from './window-hold';
import { errorMessage } from '@keel/service-runtime';

export interface BatchSettings extends WindowRule {
  /** The alias documents are written to. */
  writeAlias: string;
  /** Product ids per keyset page of the change feed. */
  pageSize: number;
  /** Ids per load-and-bulk round trip, and round trips in flight. */
  batchSize: number;
  concurrency: number;
  /** Who runs the window, recorded in `batch_history.instance` (read at each window). */
  instance: () => string;
  /** The long-transaction hold; without it (or a clock that cannot list transactions) none. */
  hold?: HoldRule;
}

/** Another process (or call) is running a window of this alias: nothing was run or recorded. */
export class BatchWindowBusy extends Error {
  constructor(writeAlias: string) {
    super(`a batch window of "${writeAlias}" is already running`);
    this.name = 'BatchWindowBusy';
  }
}

export interface RunOptions {
  /** Aborting stops the window between pages; it is recorded as failed. */
  signal?: AbortSignal;
}

export interface CatchUpOptions extends RunOptions {
  /** Asked before each window; false stops the catch-up (leadership lost). */
  mayContinue?: () => Promise<boolean> | boolean;
}

/**
 * Runs hopping windows: the ids whose `update_ts` falls in the window, read with keyset pagination
 * from the shop DB, are re-indexed through the ETL core, and each window is recorded in
 * `batch_history`. One window of an alias at a time: a PostgreSQL advisory lock held for the whole
 * window, and a unique index on running rows behind it.
 */
export class BatchWindowService {
  private readonly logger = new Logger(BatchWindowService.name);
  readonly history: BatchHistoryStore;
  private readonly indexer: ProductIndexer;
  private readonly fanOut: ParentFanOut;
  /** Resolves while the shop DB and Elasticsearch answer: a failing id is then bad data, not an outage. */
  private readonly dependenciesUp: () => Promise<void>;

  constructor(
    private readonly catalog: ShopCatalog,
    private readonly clock: WindowClock,
    private readonly platformDb: DataSource,
    client: Client,
    readonly settings: BatchSettings,
    shopDb: DataSource = catalog.dataSource,
  ) {
    assertWindowRule(settings);
    this.history = new BatchHistoryStore(platformDb);
    this.fanOut = new ParentFanOut(shopDb);
    this.dependenciesUp = async () => {
      await shopDb.query('SELECT 1');
      await client.cluster.health({ timeout: '5s' });
    };
    this.indexer = new ProductIndexer(catalog, client, {
      requireAlias: true,
      index: settings.writeAlias,
      source: 'batch',
      batchSize: settings.batchSize,
      concurrency: settings.concurrency,
      deleteMissing: true,
    });
  }

  /**
   * Runs the chain from the last successful hop up to now (read once, at the start), oldest first, in windows of at most
   * `maxWindowMs`; each window starts `overlapMs` before the previous success's end. Stops at the
   * first failed window (the next catch-up retries from the last success). Returns what it ran.
   */
  async catchUp(options: CatchUpOptions = {}): Promise<BatchWindowRecord[]> {
    const ran: BatchWindowRecord[] = [];
    // "now" is fixed for the whole catch-up: windows run while the clock moves on, and chasing it
    // would never end; what changes meanwhile is the next tick's
    const now = await this.clock.now();
    // the hold is read once too, after now: a transaction that starts later stamps rows after now
    const hold = await this.currentHold();
    for (;;) {
      if (options.signal?.aborted) break;
      if (options.mayContinue && !(await options.mayContinue())) break;
      const record = await this.withAliasLock(async () => {
        // planned under the lock, from what is recorded, so two callers never plan the same hop
        const last = await this.history.lastSuccessEnd(this.settings.writeAlias);
        if (last) lastSuccessWindowEnd.set(last.getTime() / 1000);
        const window = nextWindow(last, now, this.settings, hold?.horizon ?? null);
        return window ? this.execute(window, 'hop', options.signal, hold) : null;
      });
      if (!record) break;
      ran.push(record);
      if (record.status !== 'succeeded') break;
    }
    return ran;
  }

  /** Runs one given window now (CLI, API), outside the chain: it does not move where the next hop starts. */
  runWindow(window: HoppingWindow, options: RunOptions = {}): Promise<BatchWindowRecord> {
    return this.withAliasLock(() => this.execute(window, 'manual', options.signal));
  }

  /**
   * The long-transaction hold now: logged and exported when a transaction holds the end back or
   * is passed after the maximum hold. Null when the hold is off or the clock cannot list transactions.
   */
  private async currentHold(): Promise<WindowHold | null> {
    if (!this.settings.hold || !this.clock.openTransactions) return null;
    let snapshot;
    try {
      snapshot = await this.clock.openTransactions();
    } catch (error) {
      // the window still runs (as before the hold existed); the doctor prints the missing grant
      if (!(error instanceof TransactionsNotVisible)) throw error;
      holdsTotal.inc({ outcome: 'not-visible' });
      this.logger.warn(`${error.message}: windows run without the long-transaction hold`);
      return null;
    }
    const hold = windowHold(snapshot, this.settings.hold, openTransactionsListed);
    holdTransactionAge.set(hold.blocking ? hold.blocking.ageMs / 1000 : 0);
    for (const passed of hold.passed) {
      holdsTotal.inc({ outcome: 'passed' });
      this.logger.warn(
        `transaction of session ${passed.session} open for ${Math.round(passed.ageMs / 1000)} s, over the ` +
          `maximum hold of ${Math.round(this.settings.hold.maxHoldMs / 1000)} s: windows pass it; ` +
          'its rows are left to the repairer',
      );
    }
    if (
      hold.blocking &&
      hold.horizon &&
      hold.horizon.getTime() < snapshot.now.getTime() - this.settings.lagMs
    ) {
      holdsTotal.inc({ outcome: 'held' });
      this.logger.warn(
        `window end held at ${hold.horizon.toISOString()} by the transaction of session ` +
          `${hold.blocking.session}, open for ${(hold.blocking.ageMs / 1000).toFixed(1)} s ` +
          `(maximum hold ${Math.round(this.settings.hold.maxHoldMs / 1000)} s)`,
      );
    }
    return hold;
  }

  private async execute(
    window: HoppingWindow,
    kind: WindowKind,
    signal: AbortSignal | undefined,
    hold: WindowHold | null = null,
  ): Promise<BatchWindowRecord> {
    const alias = this.settings.writeAlias;
    const abandoned = await this.history.abandonRunning(alias);
    if (abandoned > 0) this.logger.warn(`marked ${abandoned} abandoned running window(s) of ${alias} failed`);
    // recorded only when the transaction actually set this window's end
    const heldBy =
      hold?.blocking && hold.horizon && window.to.getTime() === hold.horizon.getTime()
        ? { session: hold.blocking.session, ageMs: hold.blocking.ageMs }
        : null;
    const started = await this.history.start(alias, window, kind, this.settings.instance(), heldBy);
    const counts = emptyWindowCounts();
    let error: string | null = null;
    const total = emptySummary();
    // the signal is checked between chunks of a page, so a shutdown waits for one chunk only
    const chunkSize = this.settings.batchSize * this.settings.concurrency;
    // ids whose rows fail on their own while the DB and ES answer: recorded, the window goes on
    const poisoned: RefusedId[] = [];
    const indexIds = async (ids: readonly number[]) => {
      for (let i = 0; i < ids.length; i += chunkSize) {
        if (signal?.aborted) throw new Error('interrupted: the process is shutting down');
        const result = await indexIsolating(
          (batch) => this.indexer.index(batch),
          ids.slice(i, i + chunkSize),
          {
            dependenciesUp: this.dependenciesUp,
          },
        );
        addSummaries(total, result.summary);
        for (const { id, error } of result.poisoned) poisoned.push({ id, reason: error.message });
      }
    };
    let refused: RefusedId[] = [];
    try {
      let cursor: ChangeCursor | undefined;
      do {
        const page = await this.catalog.productIdsChangedBetween(
          window.from,
          window.to,
          cursor,
          this.settings.pageSize,
        );
        await indexIds(page.ids);
        counts.idsSeen += page.ids.length;
        cursor = page.next;
      } while (cursor);
      await this.fanOutParents(window, counts, indexIds);
      // Elasticsearch busy or failing for some documents: the window fails, so the next hop covers
      // them again from the last success. A document refused for good (4xx) or rows that fail on
      // their own cannot be fixed by retrying: recorded as refused, and the chain goes on.
      const retryable = retryableFailures(total);
      const first = retryable[0];
      if (first) error = `${retryable.length} documents failed, e.g. ${first.id}: ${first.reason}`;
      refused = [...permanentFailures(total).map(({ id, reason }) => ({ id, reason })), ...poisoned];
    } catch (cause) {
      error = errorMessage(cause);
    }
    Object.assign(counts, {
      written: total.written,
      stale: total.stale,
      deleted: total.deleted,
      failed: total.failed.length + poisoned.length,
    });
    const record = await this.history.finish(
      started.id,
      error ? 'failed' : 'succeeded',
      counts,
      error,
      refused,
    );
    if (refused.length > 0) {
      refusedIds.inc(refused.length);
      this.logger.warn(
        `window ${record.id}: ${refused.length} product(s) could not be indexed for good and are recorded ` +
          `in batch_history.refused, e.g. ${refused[0]?.id}: ${refused[0]?.reason}`,
      );
    }
    windowsTotal.inc({ status: record.status });
    windowIds.observe(counts.idsSeen);
    const span = `${window.from.toISOString()}..${window.to.toISOString()}`;
    if (record.status === 'succeeded') {
      if (kind === 'hop') lastSuccessWindowEnd.set(window.to.getTime() / 1000);
      this.logger.log(
        `window ${record.id} ${span}: ${counts.idsSeen} ids, ${counts.parentsSeen} parents expanded to ` +
          `${counts.productsExpanded} products, ${counts.written} written, ` +
          `${counts.deleted} deleted, ${counts.stale} stale`,
      );
    } else {
      this.logger.error(`window ${record.id} ${span} failed: ${error}`);
    }
    return record;
  }

  /**
   * Parent fan-out: shops, categories and tags changed in the window, each expanded to the
   * products that show it, one keyset page of product ids at a time (at most `pageSize` ids in
   * memory, however large the shop). A category reaches its whole subtree.
   */
  private async fanOutParents(
    window: HoppingWindow,
    counts: WindowCounts,
    indexIds: (ids: readonly number[]) => Promise<void>,
  ): Promise<void> {
    const pageSize = this.settings.pageSize;
    for (const table of parentTables) {
      let cursor: ChangeCursor | undefined;
      do {
        const page = await this.fanOut.changedParents(table, window.from, window.to, cursor, pageSize);
        counts.parentsSeen += page.parents.length;
        fanOutTotal.inc({ what: 'parents' }, page.parents.length);
        for (const parent of dropCoveredCategories(page.parents)) {
          const subtree =
            parent.table === 'categories' && parent.path
              ? await this.fanOut.subtreeCategoryIds(parent.path)
              : undefined;
          let afterId = 0;
          for (;;) {
            const ids = await this.fanOut.productPage(parent, afterId, pageSize, subtree);
            if (ids.length === 0) break;
            await indexIds(ids);
            counts.productsExpanded += ids.length;
            fanOutTotal.inc({ what: 'products' }, ids.length);
            if (ids.length < pageSize) break;
            afterId = ids[ids.length - 1];
          }
        }
        cursor = page.next;
      } while (cursor);
    }
  }

  private withAliasLock<T>(work: () => Promise<T>): Promise<T> {
    return withAdvisoryLock(
      this.platformDb,
      `keel-batch:${this.settings.writeAlias}`,
      work,
      () => new BatchWindowBusy(this.settings.writeAlias),
    );
  }
}
