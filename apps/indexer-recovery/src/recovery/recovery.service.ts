import type { Client } from '@elastic/elasticsearch';
import type { ShopCatalog } from '@keel/catalog';
import {
  type AliasPair,
  createIndexForBulk,
  NothingToRollBackTo,
  indicesOfAlias,
  indicesOfFamily,
  pruneIndices,
  restoreServingSettings,
  swapAliases,
} from '@keel/es-alias';
import { productIndexDefinition, type TextAnalyzer } from '@keel/product-index';
import {
  ProductIndexer,
  RangeRebuildWriter,
  planRangeRebuild,
  rangesTopDown,
  runBoundedPipeline,
  verifyRange,
  type IdRange,
  type PipelineStats,
  type PlannedRange,
} from '@keel/etl-core';
import { type AdvisoryLockGuard, withAdvisoryLock } from '@keel/datasource';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';
import { progressOf, type RecoveryPhase, type RecoveryProgress, type RecoveryRun } from './recovery-run';
import { RecoveryRunStore } from './recovery-run.store';
import { errorMessage } from '@keel/service-runtime';

export interface RecoverySettings {
  aliases: AliasPair;
  /** Ids per range (the unit of claim, read and checkpoint). */
  batchSize: number;
  /** Bulk requests in flight per process. */
  concurrency: number;
  /** Ranges read (loaded and planned) at once per process; default `concurrency`. */
  readConcurrency?: number;
  /** Read ranges that may wait for a bulk request besides those being read; bounds memory per process. Default 2. */
  bufferedRanges?: number;
  /** Latency one bulk request aims at; several read ranges go into one request below it. Default 1000. */
  bulkTargetMs?: number;
  /** Bounds of the documents per bulk request. Default 2000..5000. */
  minBulkDocs?: number;
  maxBulkDocs?: number;
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
  /**
   * Replicas the new index serves with; undefined: as many as the index the alias is on now has (0
   * when there is none). The swap waits until they are allocated.
   */
  replicas?: number;
  /** How long the swap waits for the replicas, in seconds. */
  replicaWaitS?: number;
}

export interface RunOptions {
  /** Resume the alias's killed (still `running`) run; false abandons it and starts over. Default true. */
  resume?: boolean;
  /** Resume a `failed` run too (it is otherwise refused until retried or abandoned). */
  retry?: boolean;
  onProgress?: (p: RecoveryProgress) => void;
  /** Called as each phase starts (tests use it to write while the run is in a given phase). */
  onPhase?: (phase: RecoveryPhase, run: RecoveryRun) => Promise<void> | void;
}

export interface AliasMove {
  index: string;
  previous: string[];
  /** Products caught up into the index around the move. */
  caughtUp: number;
}

export class RecoveryRunFailed extends Error {
  constructor(readonly run: RecoveryRun) {
    super(
      `run ${run.id} of "${run.alias}" failed in phase ${run.phase}: ${run.error ?? 'unknown error'}; ` +
        'retry it (run --retry) or abandon it (abandon, or run --new)',
    );
    this.name = 'RecoveryRunFailed';
  }
}

export class UnknownCatchUpPoint extends Error {
  constructor(index: string) {
    super(
      `no recovery run records when ${index} last received writes: it cannot be caught up, run a rebuild`,
    );
    this.name = 'UnknownCatchUpPoint';
  }
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
  /** Where this process's range work of the last run spent its time, summed over its passes (logged; the bench prints it). */
  lastPipelineStats?: PipelineStats & { docsPerRequest: number };
  private pipelineStatsRunId?: number;
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

  /** The read alias this service rebuilds. */
  get alias(): string {
    return this.settings.aliases.readAlias;
  }

  /**
   * Starts a new run, or resumes the alias's killed one. A failed run is refused until it is retried
   * (`retry`) or abandoned (`resume: false` starts over). Resolves when it has swapped.
   */
  async run(options: RunOptions = {}): Promise<RecoveryRun> {
    return this.withAliasLock(async (stillHeld) => {
      const unfinished = await this.runs.unfinished(this.settings.aliases.readAlias);
      let run: RecoveryRun;
      if (unfinished && options.resume !== false) {
        if (unfinished.status === 'failed' && !options.retry) throw new RecoveryRunFailed(unfinished);
        this.logger.log(
          `resuming run ${unfinished.id} at phase ${unfinished.phase} (${unfinished.rangesDone}/${unfinished.rangesTotal} ranges done)`,
        );
        run = await this.runs.phase(unfinished.id, await this.resumePhase(unfinished));
      } else {
        if (unfinished) await this.runs.abandon(unfinished.id, 'superseded by a new run');
        run = await this.start();
      }
      try {
        return await this.continueRun(run, options, stillHeld);
      } catch (error) {
        const message = errorMessage(error);
        await this.runs.finish(run.id, 'failed', message);
        throw error;
      }
    });
  }

  /** Marks the alias's killed or failed run abandoned: it is never resumed. */
  async abandon(): Promise<RecoveryRun | undefined> {
    return this.withAliasLock(async () => {
      const unfinished = await this.runs.unfinished(this.settings.aliases.readAlias);
      return unfinished ? this.runs.abandon(unfinished.id, 'abandoned by an operator') : undefined;
    });
  }

  /**
   * A resumed run always catches up again before it verifies: the index has been frozen since the
   * run stopped, so a verify or swap phase goes back to catch-up (from the recorded catch-up end),
   * unless the aliases are already on its index (then only the post-swap catch-up is left).
   */
  private async resumePhase(run: RecoveryRun): Promise<RecoveryPhase> {
    if (run.phase === 'verify') return 'catch-up';
    if (run.phase === 'swap') {
      const live = await indicesOfAlias(this.client, this.settings.aliases.readAlias);
      return live.includes(run.index) && run.swappedAt ? 'swap' : 'catch-up';
    }
    return run.phase;
  }

  private async start(): Promise<RecoveryRun> {
    // the shop DB's clock stamps update_ts: the catch-up bounds are read from it, never from ours
    const catchUpFrom = new Date((await this.catalog.databaseNow()).getTime() - this.settings.overlapMs);
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
    options: RunOptions,
    stillHeld: AdvisoryLockGuard,
  ): Promise<RecoveryRun> {
    let run = start;
    const resumedAt = {
      ms: Date.now(),
      rangesDone: run.rangesDone,
      docs: run.docsWritten + run.docsDeleted + run.docsStale,
    };
    const entering = async (phase: RecoveryPhase) => {
      run = await this.runs.phase(run.id, phase);
      await options.onPhase?.(phase, run);
    };

    if (run.phase === 'ranges') {
      await options.onPhase?.('ranges', run);
      run = await this.workRanges(run, options.onProgress, resumedAt, stillHeld);
      // other workers may still hold ranges; a dead one's range comes back when its lease runs out
      while ((await this.runs.openRanges(run.id)) > 0) {
        run = await this.workRanges(run, options.onProgress, resumedAt, stillHeld);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await entering('catch-up');
    } else if (run.phase === 'catch-up') {
      await options.onPhase?.('catch-up', run);
    }

    if (run.phase === 'catch-up') {
      run = await this.catchUpRun(run, run.index);
      await entering('verify');
    }

    if (run.phase === 'verify') {
      await this.prepareServing(run.index);
      await this.verify(run.index, run.minId, run.maxId, run.caughtUpTo ?? run.catchUpFrom);
      await entering('swap');
    } else if (run.phase === 'swap') {
      await options.onPhase?.('swap', run);
    }

    if (run.phase === 'swap') {
      const live = await indicesOfAlias(this.client, this.settings.aliases.readAlias);
      if (!live.includes(run.index) || !run.swappedAt) {
        const previous = live.includes(run.index) ? run.previousIndex : (live[0] ?? null);
        run = await this.runs.phase(run.id, 'swap', { previousIndex: previous });
        const at = await this.catalog.databaseNow();
        // a process whose lock connection dropped must not swap: another may be rebuilding now
        await stillHeld();
        await swapAliases(this.client, this.settings.aliases, run.index);
        run = await this.runs.swapped(run.id, at);
      }
      // writes that reached the old index between the catch-up end and the swap land in the new one
      run = await this.catchUpRun(run, run.index);
      await stillHeld();
      const pruned = await pruneIndices(this.client, this.settings.aliases, this.settings.keepIndices);
      if (pruned.length > 0) this.logger.log(`pruned ${pruned.join(', ')}`);
      run = await this.runs.finish(run.id, 'succeeded');
      this.logger.log(`run ${run.id}: ${run.index} is live (previous: ${run.previousIndex ?? 'none'})`);
    }
    return run;
  }

  /** Where the next catch-up of a run starts: its recorded catch-up end minus the overlap. */
  private since(run: RecoveryRun): Date {
    return run.caughtUpTo ? new Date(run.caughtUpTo.getTime() - this.settings.overlapMs) : run.catchUpFrom;
  }

  /** Catches `index` up from the run's recorded point and records the new end. */
  private async catchUpRun(run: RecoveryRun, index: string): Promise<RecoveryRun> {
    const { to } = await this.catchUp(index, this.since(run));
    return this.runs.caughtUp(run.id, to);
  }

  /**
   * Both aliases back onto the index the last swap replaced (as recorded by its run, not by name),
   * under the recovery lock: caught up with everything written since that swap, verified, swapped,
   * caught up again. Returns where the aliases are now.
   */
  async rollback(): Promise<AliasMove> {
    return this.withAliasLock(async (stillHeld) => {
      const { readAlias } = this.settings.aliases;
      const last = await this.runs.lastSwapped(readAlias);
      const live = await indicesOfAlias(this.client, readAlias);
      if (!last?.previousIndex || !last.swappedAt) throw new NothingToRollBackTo(readAlias, live);
      if (!live.includes(last.index)) {
        throw new NothingToRollBackTo(readAlias, live);
      }
      const family = await indicesOfFamily(this.client, readAlias);
      if (!family.includes(last.previousIndex)) throw new NothingToRollBackTo(readAlias, live);
      const move = await this.moveAliases(
        last.previousIndex,
        new Date(last.swappedAt.getTime() - this.settings.overlapMs),
        stillHeld,
      );
      await this.runs.rolledBack(last.id, move.at);
      this.logger.log(`rolled back from ${last.index} onto ${move.index} (run ${last.id})`);
      return { index: move.index, previous: move.previous, caughtUp: move.caughtUp };
    });
  }

  /**
   * Both aliases onto `index` (an index of the family a run built or replaced), under the recovery
   * lock, caught up from when it last received writes and verified first. What an operator's swap
   * over RPC does.
   */
  async swapTo(index: string): Promise<AliasMove> {
    return this.withAliasLock(async (stillHeld) => {
      const { readAlias } = this.settings.aliases;
      const live = await indicesOfAlias(this.client, readAlias);
      if (live.length === 1 && live[0] === index) return { index, previous: live, caughtUp: 0 };
      const left = await this.runs.leftAt(readAlias, index);
      const built = (await this.runs.list(readAlias, 1000)).find((r) => r.index === index);
      const since = left ?? built?.caughtUpTo ?? undefined;
      if (!since) throw new UnknownCatchUpPoint(index);
      const move = await this.moveAliases(
        index,
        new Date(since.getTime() - this.settings.overlapMs),
        stillHeld,
      );
      this.logger.log(`aliases swapped onto ${index} (previous: ${move.previous.join(', ') || 'none'})`);
      return { index, previous: move.previous, caughtUp: move.caughtUp };
    });
  }

  private async moveAliases(index: string, since: Date, stillHeld: AdvisoryLockGuard) {
    const first = await this.catchUp(index, since);
    await this.prepareServing(index);
    const range = (await this.catalog.idRange()) ?? { minId: 1, maxId: 0 };
    await this.verify(index, range.minId, range.maxId, first.to);
    const at = await this.catalog.databaseNow();
    await stillHeld();
    const previous = await swapAliases(this.client, this.settings.aliases, index);
    const second = await this.catchUp(index, new Date(first.to.getTime() - this.settings.overlapMs));
    return { index, previous, at, caughtUp: first.count + second.count };
  }

  /**
   * Serving settings back on (refresh, and the replicas of the index the alias is on now, or the
   * configured count), and waits until the replicas are allocated: the index serves only then.
   */
  private async prepareServing(index: string): Promise<void> {
    const replicas = this.settings.replicas ?? (await this.liveReplicas(index));
    await restoreServingSettings(this.client, index, { replicas, refreshInterval: '1s' });
    const health = await this.client.cluster.health({
      index,
      wait_for_status: replicas > 0 ? 'green' : 'yellow',
      wait_for_no_initializing_shards: true,
      timeout: `${this.settings.replicaWaitS ?? 120}s`,
    });
    if (health.timed_out) {
      throw new RecoveryVerificationFailed(
        `${index}: ${replicas} replica(s) per shard not allocated within ${this.settings.replicaWaitS ?? 120} s (health ${health.status})`,
      );
    }
  }

  private async liveReplicas(except: string): Promise<number> {
    const live = (await indicesOfAlias(this.client, this.settings.aliases.readAlias)).filter(
      (i) => i !== except,
    );
    if (live.length === 0) return 0;
    const settings = await this.client.indices.getSettings({
      index: live[0],
      name: 'index.number_of_replicas',
    });
    return Number(Object.values(settings)[0]?.settings?.index?.number_of_replicas ?? 0);
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
   * Claims ranges, highest first, until none is open; each done range is checkpointed at once. A
   * pipeline: `readConcurrency` loops claim a range and read and plan it (one snapshot, range scans)
   * while `concurrency` loops bulk-write what was read, several ranges per request as latency allows;
   * the readers run at most `readConcurrency + bufferedRanges` ranges ahead, so memory does not grow with the table.
   */
  private async workRanges(
    start: RecoveryRun,
    onProgress: ((p: RecoveryProgress) => void) | undefined,
    resumedAt: { ms: number; rangesDone: number; docs: number },
    stillHeld?: AdvisoryLockGuard,
  ): Promise<RecoveryRun> {
    let latest = start;
    const writer = new RangeRebuildWriter(this.client, {
      index: start.index,
      source: 'recovery',
      bulkTargetMs: this.settings.bulkTargetMs,
      minBulkDocs: this.settings.minBulkDocs,
      maxBulkDocs: this.settings.maxBulkDocs,
    });
    const writers = Math.max(1, this.settings.concurrency);
    const stats = await runBoundedPipeline<PlannedRange>(
      async () => {
        const range = await this.runs.claimRange(start.id, this.workerId, this.settings.leaseMs);
        return range ? planRangeRebuild(this.catalog, range) : undefined;
      },
      async (planned) => {
        const { summary, ranges } = await writer.write(planned);
        if (summary.failed.length > 0) {
          const first = summary.failed[0];
          const span = `${planned[planned.length - 1].range.from}..${planned[0].range.to}`;
          throw new Error(
            `${summary.failed.length} documents failed in ids ${span}, e.g. ${first.id}: ${first.reason}`,
          );
        }
        // the coordinator checks its lock as it goes: without it, another process may own the run
        await stillHeld?.();
        for (const done of ranges) {
          const run = await this.runs.rangeDone(start.id, done.range, this.workerId, done);
          if (run.rangesDone >= latest.rangesDone) latest = run;
        }
        onProgress?.(progressOf(latest, resumedAt, Date.now()));
      },
      {
        readers: Math.max(1, this.settings.readConcurrency ?? writers),
        writers,
        buffered: Math.max(1, this.settings.bufferedRanges ?? 2),
      },
      (waiting) => writer.rangesToTake(waiting),
    );
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    // which stage waited for the other says which one to make faster
    this.logger.log(
      `run ${start.id}: worker ${this.workerId} did ${stats.items} ranges; reading ${s(stats.readMs)}` +
        ` (blocked on a full buffer ${s(stats.readerBlockedMs)}), writing ${s(stats.writeMs)}` +
        ` (idle for lack of read ranges ${s(stats.writerIdleMs)}), ${writer.docsPerRequest} docs per bulk request at the end`,
    );
    // a run's ranges take one pass, then more while other workers still hold some: the sum is the run's
    const before = start.id === this.pipelineStatsRunId ? this.lastPipelineStats : undefined;
    this.pipelineStatsRunId = start.id;
    this.lastPipelineStats = {
      items: (before?.items ?? 0) + stats.items,
      readMs: (before?.readMs ?? 0) + stats.readMs,
      readerBlockedMs: (before?.readerBlockedMs ?? 0) + stats.readerBlockedMs,
      writeMs: (before?.writeMs ?? 0) + stats.writeMs,
      writerIdleMs: (before?.writerIdleMs ?? 0) + stats.writerIdleMs,
      docsPerRequest:
        stats.items > 0 ? writer.docsPerRequest : (before?.docsPerRequest ?? writer.docsPerRequest),
    };
    return latest;
  }

  /**
   * Re-indexes every product changed in [from, now) by the shop DB's clock (keyset-paged change
   * feed: product rows, child rows and tombstones). Returns where it ended: the next catch-up starts
   * there minus the overlap, which also covers commits stamped before it that landed after it.
   */
  private async catchUp(index: string, from: Date): Promise<{ to: Date; count: number }> {
    const indexer = this.indexerFor(index, true);
    const to = await this.catalog.databaseNow();
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
    this.logger.log(
      `caught up ${count} products changed in [${from.toISOString()}, ${to.toISOString()}) into ${index}`,
    );
    return { to, count };
  }

  /** Product ids changed at or after `since` until now (shop DB clock). */
  private async changedSince(since: Date): Promise<Set<number>> {
    const to = new Date((await this.catalog.databaseNow()).getTime() + 1);
    const ids = new Set<number>();
    let cursor;
    do {
      const page = await this.catalog.productIdsChangedBetween(since, to, cursor, 5000);
      for (const id of page.ids) ids.add(id);
      cursor = page.next;
    } while (cursor);
    return ids;
  }

  /**
   * Verifies `index` as of its catch-up point `since`: writes keep coming while it runs and reach
   * only the live index, so the products changed at or after that point are left out of the
   * comparison (the post-swap catch-up writes them), and the DB and index counts may differ by at
   * most that many. Every other product must compare equal: count and sampled ranges field by field.
   * (A commit stamped before the point that landed after the catch-up read fails the verify: a false
   * alarm on the safe side; the retry's catch-up starts before it.)
   */
  private async verify(index: string, minId: number, maxId: number, since: Date): Promise<void> {
    await this.client.indices.refresh({ index });
    const changed = await this.changedSince(since);
    const [expected, indexed] = await Promise.all([
      this.catalog.countSearchableProducts(),
      this.client.count({ index }).then((r) => r.count),
    ]);
    if (Math.abs(expected - indexed) > changed.size) {
      throw new RecoveryVerificationFailed(
        `DB has ${expected} searchable products, ${index} has ${indexed} (${changed.size} changed since the catch-up)`,
      );
    }
    const indexer = this.indexerFor(index, true);
    for (const range of sampleRanges(minId, maxId, this.settings.sampleRanges, this.settings.sampleSize)) {
      const report = await verifyRange(indexer, this.client, range, { index, sampleEvery: 1 });
      const missing = report.missing.filter((id) => !changed.has(id));
      const extra = report.extra.filter((id) => !changed.has(id));
      const stale = report.stale.filter((s) => !changed.has(s.id));
      if (missing.length + extra.length + stale.length > 0) {
        throw new RecoveryVerificationFailed(
          `ids ${range.from}..${range.to}: ${missing.length} missing, ${extra.length} extra, ` +
            `${stale.length} stale${stale[0] ? ` (e.g. ${stale[0].id}: ${stale[0].reason})` : ''}`,
        );
      }
    }
    this.logger.log(
      `${index}: ${indexed} documents verified (${changed.size} changed since the catch-up left out)`,
    );
  }

  private withAliasLock<T>(work: (stillHeld: AdvisoryLockGuard) => Promise<T>): Promise<T> {
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
