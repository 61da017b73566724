import type { Client } from '@elastic/elasticsearch';
import type { ShopCatalog } from '@keel/catalog';
import {
  type AliasPair,
  createIndexForBulk,
  indicesOfAlias,
  productIndexDefinition,
  pruneIndices,
  restoreServingSettings,
  swapAliases,
  type TextAnalyzer,
} from '@keel/es-alias';
import {
  ProductIndexer,
  idsOf,
  rangesTopDown,
  verifyIsClean,
  verifyRange,
  type IdRange,
} from '@keel/etl-core';
import { withAdvisoryLock } from '@keel/datasource';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { progressOf, type RecoveryProgress, type RecoveryRun } from './recovery-run';
import { RecoveryRunStore } from './recovery-run.store';

export interface RecoverySettings {
  aliases: AliasPair;
  batchSize: number;
  concurrency: number;
  /** Rows changed this long before the run started are caught up too (clock skew, late commits). */
  overlapMs: number;
  analyzer: TextAnalyzer;
  /** Ranges of `sampleSize` ids, spread over the id space, compared field by field before the swap. */
  sampleRanges: number;
  sampleSize: number;
  /** Indices of the family kept after a swap (the live one and the rollback target included). */
  keepIndices: number;
  /** A claimed range whose worker has not finished it for this long is taken over (the worker died). */
  leaseMs: number;
}

export class RecoveryAlreadyRunning extends Error {
  constructor(alias: string) {
    super(`a recovery of "${alias}" is already running in another process`);
    this.name = 'RecoveryAlreadyRunning';
  }
}

export class RecoveryVerificationFailed extends Error {
  constructor(readonly details: string) {
    super(`verification failed, alias not swapped: ${details}`);
    this.name = 'RecoveryVerificationFailed';
  }
}

/**
 * A full rebuild: walk the id space top down (newest first) into a new index, catch up on rows
 * changed since the run started, verify counts and a sample field by field, then swap the read and
 * write aliases in one call. Every finished range is checkpointed in `recovery_runs`; a killed run
 * resumes from its phase and cursor. One run per alias at a time (a PostgreSQL advisory lock).
 */
export class RecoveryService {
  private readonly logger = new Logger(RecoveryService.name);
  readonly runs: RecoveryRunStore;
  /** Names this process in `recovery_ranges.worker`. */
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  constructor(
    private readonly catalog: ShopCatalog,
    private readonly platformDb: DataSource,
    private readonly client: Client,
    private readonly settings: RecoverySettings,
  ) {
    this.runs = new RecoveryRunStore(platformDb);
  }

  /** Starts a new run, or resumes the alias's unfinished one. Resolves when it has swapped. */
  async run(
    options: { resume?: boolean; onProgress?: (p: RecoveryProgress) => void } = {},
  ): Promise<RecoveryRun> {
    return this.withAliasLock(async () => {
      const unfinished = await this.runs.unfinished(this.settings.aliases.readAlias);
      let run: RecoveryRun;
      if (unfinished && options.resume !== false) {
        this.logger.log(
          `resuming run ${unfinished.id} at phase ${unfinished.phase} (${unfinished.rangesDone}/${unfinished.rangesTotal} ranges done)`,
        );
        run = await this.runs.phase(unfinished.id, unfinished.phase);
      } else {
        if (unfinished) await this.runs.finish(unfinished.id, 'failed', 'superseded by a new run');
        run = await this.start();
      }
      try {
        return await this.continueRun(run, options.onProgress);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await this.runs.finish(run.id, 'failed', message);
        throw error;
      }
    });
  }

  private async start(): Promise<RecoveryRun> {
    const catchUpFrom = new Date(Date.now() - this.settings.overlapMs);
    const range = (await this.catalog.idRange()) ?? { minId: 1, maxId: 0 };
    const index = await createIndexForBulk(
      this.client,
      this.settings.aliases.readAlias,
      productIndexDefinition({ analyzer: this.settings.analyzer }),
    );
    const ranges =
      range.maxId >= range.minId ? rangesTopDown(range.minId, range.maxId, this.settings.batchSize) : [];
    const total = ranges.length;
    const run = await this.runs.create({
      alias: this.settings.aliases.readAlias,
      index,
      minId: range.minId,
      maxId: range.maxId,
      batchSize: this.settings.batchSize,
      nextToId: range.maxId,
      rangesTotal: total,
      catchUpFrom,
    });
    await this.runs.createRanges(run.id, ranges);
    this.logger.log(
      `run ${run.id}: rebuilding ids ${range.minId}..${range.maxId} into ${index} (${total} ranges)`,
    );
    return run;
  }

  private indexerFor(index: string, deleteMissing: boolean) {
    return new ProductIndexer(this.catalog, this.client, {
      index,
      source: 'recovery',
      // a range is one load-and-bulk round trip; parallelism comes from ranges in flight
      batchSize: Math.max(this.settings.batchSize, 1),
      concurrency: 1,
      deleteMissing,
    });
  }

  private async continueRun(
    start: RecoveryRun,
    onProgress?: (p: RecoveryProgress) => void,
  ): Promise<RecoveryRun> {
    let run = start;
    const resumedAt = {
      ms: Date.now(),
      rangesDone: run.rangesDone,
      docs: run.docsWritten + run.docsDeleted + run.docsStale,
    };

    if (run.phase === 'ranges') {
      run = await this.workRanges(run, onProgress, resumedAt);
      // other workers may still hold ranges; a dead one's range comes back when its lease runs out
      while ((await this.runs.openRanges(run.id)) > 0) {
        run = await this.workRanges(run, onProgress, resumedAt);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      run = await this.runs.phase(run.id, 'catch-up');
    }

    if (run.phase === 'catch-up') {
      await this.catchUp(run.index, run.catchUpFrom);
      run = await this.runs.phase(run.id, 'verify');
    }

    if (run.phase === 'verify') {
      await restoreServingSettings(this.client, run.index);
      await this.verify(run);
      run = await this.runs.phase(run.id, 'swap');
    }

    if (run.phase === 'swap') {
      const swapStartedAt = new Date(Date.now() - this.settings.overlapMs);
      const before = await indicesOfAlias(this.client, this.settings.aliases.readAlias);
      const previous = before.includes(run.index) ? run.previousIndex : (before[0] ?? null);
      run = await this.runs.phase(run.id, 'swap', { previousIndex: previous });
      await swapAliases(this.client, this.settings.aliases, run.index);
      // writes that went to the old index between catch-up and swap land in the new one too
      await this.catchUp(run.index, swapStartedAt);
      const pruned = await pruneIndices(this.client, this.settings.aliases, this.settings.keepIndices);
      if (pruned.length > 0) this.logger.log(`pruned ${pruned.join(', ')}`);
      run = await this.runs.finish(run.id, 'succeeded');
      this.logger.log(`run ${run.id}: ${run.index} is live (previous: ${run.previousIndex ?? 'none'})`);
    }
    return run;
  }

  /**
   * Joins the alias's unfinished run as an extra worker: claims and indexes ranges until none is
   * left, then returns; the process that runs `run` does catch-up, verify and swap. Returns
   * undefined when no run is in its ranges phase.
   */
  async work(onProgress?: (p: RecoveryProgress) => void): Promise<RecoveryRun | undefined> {
    const run = await this.runs.unfinished(this.settings.aliases.readAlias);
    if (!run || run.phase !== 'ranges') return undefined;
    this.logger.log(`worker ${this.workerId} joins run ${run.id}`);
    return this.workRanges(run, onProgress, {
      ms: Date.now(),
      rangesDone: run.rangesDone,
      docs: run.docsWritten,
    });
  }

  /**
   * Claims ranges, highest first, until none is open; each done range is checkpointed at once.
   * `concurrency` ranges are in flight, so one range's rows are read while another's are written.
   */
  private async workRanges(
    start: RecoveryRun,
    onProgress: ((p: RecoveryProgress) => void) | undefined,
    resumedAt: { ms: number; rangesDone: number; docs: number },
  ): Promise<RecoveryRun> {
    let latest = start;
    let failure: unknown;
    // the new index is empty: nothing to delete for ids the DB lacks
    const indexer = this.indexerFor(start.index, false);
    const loop = async () => {
      while (failure === undefined) {
        const range = await this.runs.claimRange(start.id, this.workerId, this.settings.leaseMs);
        if (!range) return;
        const summary = await indexer.index(idsOf(range));
        if (summary.failed.length > 0) {
          const first = summary.failed[0];
          throw new Error(
            `${summary.failed.length} documents failed in ids ${range.from}..${range.to}, e.g. ${first.id}: ${first.reason}`,
          );
        }
        const run = await this.runs.rangeDone(start.id, range, this.workerId, summary);
        if (run.rangesDone >= latest.rangesDone) latest = run;
        onProgress?.(progressOf(latest, resumedAt, Date.now()));
      }
    };
    const loops = Array.from({ length: this.settings.concurrency }, () =>
      loop().catch((error: unknown) => {
        failure ??= error;
      }),
    );
    await Promise.all(loops);
    if (failure !== undefined) throw failure;
    return latest;
  }

  /** Re-indexes every product changed at or after `from` (keyset-paged change feed). */
  private async catchUp(index: string, from: Date): Promise<number> {
    const indexer = this.indexerFor(index, true);
    const to = new Date(Date.now() + 1000);
    let cursor;
    let count = 0;
    do {
      const page = await this.catalog.productIdsChangedBetween(from, to, cursor, 5000);
      if (page.ids.length > 0) {
        const summary = await indexer.index(page.ids);
        if (summary.failed.length > 0) throw new Error(`catch-up: ${summary.failed.length} documents failed`);
        count += page.ids.length;
      }
      cursor = page.next;
    } while (cursor);
    this.logger.log(`caught up ${count} products changed since ${from.toISOString()} into ${index}`);
    return count;
  }

  /** DB count of searchable products against the index count, and sampled ranges field by field. */
  private async verify(run: RecoveryRun): Promise<void> {
    await this.client.indices.refresh({ index: run.index });
    const [expected, indexed] = await Promise.all([
      this.catalog.countSearchableProducts(),
      this.client.count({ index: run.index }).then((r) => r.count),
    ]);
    if (expected !== indexed) {
      throw new RecoveryVerificationFailed(
        `DB has ${expected} searchable products, ${run.index} has ${indexed}`,
      );
    }
    const indexer = this.indexerFor(run.index, true);
    for (const range of sampleRanges(
      run.minId,
      run.maxId,
      this.settings.sampleRanges,
      this.settings.sampleSize,
    )) {
      const report = await verifyRange(indexer, this.client, range, { index: run.index, sampleEvery: 1 });
      if (!verifyIsClean(report)) {
        throw new RecoveryVerificationFailed(
          `ids ${range.from}..${range.to}: ${report.missing.length} missing, ${report.extra.length} extra, ` +
            `${report.stale.length} stale${report.stale[0] ? ` (e.g. ${report.stale[0].id}: ${report.stale[0].reason})` : ''}`,
        );
      }
    }
    this.logger.log(`run ${run.id}: ${indexed} documents verified`);
  }

  private withAliasLock<T>(work: () => Promise<T>): Promise<T> {
    return withAdvisoryLock(
      this.platformDb,
      `keel-recovery:${this.settings.aliases.readAlias}`,
      work,
      () => new RecoveryAlreadyRunning(this.settings.aliases.readAlias),
    );
  }
}

/** `count` ranges of `size` ids spread evenly over [min, max] (pure). */
export function sampleRanges(min: number, max: number, count: number, size: number): IdRange[] {
  if (max < min || count < 1) return [];
  const span = max - min + 1;
  if (span <= count * size) return [{ from: min, to: max }];
  const step = Math.floor((span - size) / Math.max(1, count - 1));
  return Array.from({ length: count }, (_, i) => {
    const from = min + i * step;
    return { from, to: Math.min(max, from + size - 1) };
  });
}
