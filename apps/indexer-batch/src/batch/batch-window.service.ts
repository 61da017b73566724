import type { Client } from '@elastic/elasticsearch';
import type { ChangeCursor, ShopCatalog } from '@keel/catalog';
import { ProductIndexer, addSummaries, emptySummary } from '@keel/etl-core';
import { withAdvisoryLock } from '@keel/datasource';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BatchHistoryStore } from './batch-history.store';
import { lastSuccessWindowEnd, windowIds, windowsTotal } from './batch.metrics';
import type { BatchWindowRecord, WindowCounts, WindowKind } from './batch-window';
import { assertWindowRule, nextWindow, type HoppingWindow, type WindowRule } from './hopping-window';
import type { WindowClock } from './shop-clock';

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

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

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

  constructor(
    private readonly catalog: ShopCatalog,
    private readonly clock: WindowClock,
    private readonly platformDb: DataSource,
    client: Client,
    readonly settings: BatchSettings,
  ) {
    assertWindowRule(settings);
    this.history = new BatchHistoryStore(platformDb);
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
    for (;;) {
      if (options.signal?.aborted) break;
      if (options.mayContinue && !(await options.mayContinue())) break;
      const record = await this.withAliasLock(async () => {
        // planned under the lock, from what is recorded, so two callers never plan the same hop
        const last = await this.history.lastSuccessEnd(this.settings.writeAlias);
        if (last) lastSuccessWindowEnd.set(last.getTime() / 1000);
        const window = nextWindow(last, now, this.settings);
        return window ? this.execute(window, 'hop', options.signal) : null;
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

  private async execute(
    window: HoppingWindow,
    kind: WindowKind,
    signal: AbortSignal | undefined,
  ): Promise<BatchWindowRecord> {
    const alias = this.settings.writeAlias;
    const abandoned = await this.history.abandonRunning(alias);
    if (abandoned > 0) this.logger.warn(`marked ${abandoned} abandoned running window(s) of ${alias} failed`);
    const started = await this.history.start(alias, window, kind, this.settings.instance());
    const counts: WindowCounts = { idsSeen: 0, written: 0, stale: 0, deleted: 0, failed: 0 };
    let error: string | null = null;
    const total = emptySummary();
    try {
      // the signal is checked between chunks of a page, so a shutdown waits for one chunk only
      const chunkSize = this.settings.batchSize * this.settings.concurrency;
      let cursor: ChangeCursor | undefined;
      do {
        const page = await this.catalog.productIdsChangedBetween(
          window.from,
          window.to,
          cursor,
          this.settings.pageSize,
        );
        for (let i = 0; i < page.ids.length; i += chunkSize) {
          if (signal?.aborted) throw new Error('interrupted: the process is shutting down');
          const chunk = page.ids.slice(i, i + chunkSize);
          addSummaries(total, await this.indexer.index(chunk));
          counts.idsSeen += chunk.length;
        }
        cursor = page.next;
      } while (cursor);
      const first = total.failed[0];
      // a failed document fails the window, so the next hop covers it again from the last success
      if (first) error = `${total.failed.length} documents failed, e.g. ${first.id}: ${first.reason}`;
    } catch (cause) {
      error = errorMessage(cause);
    }
    Object.assign(counts, {
      written: total.written,
      stale: total.stale,
      deleted: total.deleted,
      failed: total.failed.length,
    });
    const record = await this.history.finish(started.id, error ? 'failed' : 'succeeded', counts, error);
    windowsTotal.inc({ status: record.status });
    windowIds.observe(counts.idsSeen);
    const span = `${window.from.toISOString()}..${window.to.toISOString()}`;
    if (record.status === 'succeeded') {
      if (kind === 'hop') lastSuccessWindowEnd.set(window.to.getTime() / 1000);
      this.logger.log(
        `window ${record.id} ${span}: ${counts.idsSeen} ids, ${counts.written} written, ` +
          `${counts.deleted} deleted, ${counts.stale} stale`,
      );
    } else {
      this.logger.error(`window ${record.id} ${span} failed: ${error}`);
    }
    return record;
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
