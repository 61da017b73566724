import type { Client } from '@elastic/elasticsearch';
import type { ShopCatalog } from '@keel/catalog';
import { withAdvisoryLock } from '@keel/datasource';
import { indicesOfAlias } from '@keel/es-alias';
import {
  ProductIndexer,
  compareChunk,
  databaseDigest,
  digestsEqual,
  indexDigest,
  type Drift,
  type IdRange,
} from '@keel/etl-core';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { RepairCycleStore, type RepairCycleRecord } from './repair-cycle.store';
import {
  repairFixesTotal,
  repairLastCycleEnd,
  repairProductsChecked,
  repairRangesTotal,
} from './repair.metrics';
import { delayBeforeNextRange, rangesIn, type RepairPace } from './repair-pace';

export interface RepairSettings {
  /** The alias compared and written: the write alias, where every indexer's documents go. */
  writeAlias: string;
  /** While it points at another index than the write alias, a rebuild runs: the repairer waits. */
  readAlias: string;
  /** Ids per compared range (at most 2 000, so version sums stay exact below 2^53). */
  rangeSize: number;
  pace: RepairPace;
  batchSize: number;
  concurrency: number;
  instance: () => string;
}

export interface RepairRunOptions {
  /** Aborting stops between ranges; the cycle stays `running` and the next run resumes it. */
  signal?: AbortSignal;
  /** Asked before each range; false stops (leadership lost), as aborting does. */
  mayContinue?: () => Promise<boolean> | boolean;
}

export interface RangeRepair {
  range: IdRange;
  checked: number;
  /** The digests differed: ids were listed and compared. */
  differing: boolean;
  fixes: Drift[];
}

/** Another process is running this alias's repair cycle. */
export class RepairBusy extends Error {
  constructor(alias: string) {
    super(`a repair cycle of "${alias}" is already running`);
    this.name = 'RepairBusy';
  }
}

/**
 * The aliases are missing, or a rebuild writes into another index than readers see (recovery
 * verifies its own index): nothing to repair now.
 */
export class RepairWaiting extends Error {
  constructor(readAlias: string, writeAlias: string) {
    super(`"${writeAlias}" is missing or points elsewhere than "${readAlias}" (a rebuild?): repair waits`);
    this.name = 'RepairWaiting';
  }
}

export const maxRepairRangeSize = 2_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Continuous repair (anti-entropy): walks the whole id space in ranges, compares a digest of each
 * range on both sides (count and sums of versions and ids: SQL aggregates over the DB's counters,
 * and one Elasticsearch aggregation), lists and compares ids only where the digests differ (the same
 * comparison `verify` uses), and fixes missing, extra and stale documents through the ETL core.
 * Each range is checkpointed in `repair_cycles`, so a killed repairer resumes its cycle.
 */
export class RepairService {
  private readonly logger = new Logger(RepairService.name);
  readonly cycles: RepairCycleStore;
  private readonly indexer: ProductIndexer;

  constructor(
    private readonly catalog: ShopCatalog,
    private readonly platformDb: DataSource,
    private readonly client: Client,
    readonly settings: RepairSettings,
  ) {
    if (
      !Number.isInteger(settings.rangeSize) ||
      settings.rangeSize < 1 ||
      settings.rangeSize > maxRepairRangeSize
    ) {
      throw new RangeError(
        `rangeSize must be an integer in 1..${maxRepairRangeSize}, got ${settings.rangeSize}`,
      );
    }
    this.cycles = new RepairCycleStore(platformDb);
    this.indexer = new ProductIndexer(catalog, client, {
      requireAlias: true,
      index: settings.writeAlias,
      source: 'repair',
      batchSize: settings.batchSize,
      concurrency: settings.concurrency,
      deleteMissing: true,
    });
  }

  /** True while a rebuild writes into another index than the one readers see. */
  async rebuildRunning(): Promise<boolean> {
    const [read, write] = await Promise.all([
      indicesOfAlias(this.client, this.settings.readAlias),
      indicesOfAlias(this.client, this.settings.writeAlias),
    ]);
    return write.length !== 1 || !read.includes(write[0]);
  }

  /** Runs (or resumes) one cycle to its end, unless stopped; returns the cycle as recorded. */
  runCycle(options: RepairRunOptions = {}): Promise<RepairCycleRecord> {
    const alias = this.settings.writeAlias;
    return withAdvisoryLock(
      this.platformDb,
      `keel-repair:${alias}`,
      async () => {
        if (await this.rebuildRunning()) throw new RepairWaiting(this.settings.readAlias, alias);
        let cycle = await this.cycles.running(alias);
        if (cycle) {
          cycle = await this.cycles.markResumed(cycle.id, this.settings.instance());
          this.logger.log(`resuming repair cycle ${cycle.id} of ${alias} at id ${cycle.nextFrom}`);
        } else {
          cycle = await this.cycles.start(alias, await this.span(), this.settings.instance());
        }
        const { rangeSize } = cycle;
        const startedMs = Date.now();
        const doneBefore = cycle.rangesDone;
        let done = cycle.rangesDone;
        for (let from = cycle.nextFrom; from <= cycle.maxId; from += rangeSize) {
          if (options.signal?.aborted) return this.current(cycle.id);
          if (options.mayContinue && !(await options.mayContinue())) return this.current(cycle.id);
          if (await this.rebuildRunning()) {
            this.logger.warn(`a rebuild is writing to ${alias}: repair cycle ${cycle.id} waits`);
            return this.current(cycle.id);
          }
          const rangeStarted = Date.now();
          const result = await this.repairRange({ from, to: Math.min(from + rangeSize - 1, cycle.maxId) });
          await this.cycles.rangeDone(
            cycle.id,
            result.range.to + 1,
            result.checked,
            result.differing,
            result.fixes,
          );
          done += 1;
          // paced over the cycle time for the ranges this run has left
          await sleep(
            delayBeforeNextRange(
              this.settings.pace,
              cycle.rangesTotal - doneBefore,
              done - doneBefore,
              Date.now() - startedMs,
              rangeSize,
              Date.now() - rangeStarted,
            ),
            options.signal,
          );
        }
        const finished = await this.cycles.finish(cycle.id);
        repairLastCycleEnd.set(Date.now() / 1000);
        const fixed = Object.entries(finished.fixed).filter(([, n]) => n > 0);
        this.logger.log(
          `repair cycle ${finished.id} of ${alias}: ${finished.productsChecked} ids in ${finished.rangesDone} ranges, ` +
            `${finished.rangesDiffering} differing, fixed ${fixed.length > 0 ? fixed.map(([c, n]) => `${n} ${c}`).join(', ') : 'nothing'}`,
        );
        return finished;
      },
      () => new RepairBusy(alias),
    );
  }

  /** Compares one range (digest first) and fixes what differs. */
  async repairRange(range: IdRange): Promise<RangeRepair> {
    const index = this.settings.writeAlias;
    const checked = range.to - range.from + 1;
    repairProductsChecked.inc(checked);
    // two aggregates on each side: the DB's by SQL (no document built), the index's by one search
    const [db, indexed] = await Promise.all([
      databaseDigest(this.catalog, range),
      indexDigest(this.client, index, range),
    ]);
    if (digestsEqual(db, indexed)) {
      repairRangesTotal.inc({ result: 'clean' });
      return { range, checked, differing: false, fixes: [] };
    }
    repairRangesTotal.inc({ result: 'differing' });
    // what was written since the last refresh must not look missing or stale
    await this.client.indices.refresh({ index });
    const comparison = await compareChunk(this.indexer, this.client, index, range, Infinity);
    const fixes = comparison.drift;
    if (fixes.length > 0) {
      const summary = await this.indexer.index(fixes.map((f) => f.id));
      if (summary.failed.length > 0) {
        const first = summary.failed[0];
        throw new Error(
          `repair of ids ${range.from}..${range.to}: ${summary.failed.length} failed, e.g. ${first.id}: ${first.reason}`,
        );
      }
      for (const fix of fixes) repairFixesTotal.inc({ cause: fix.cause });
    }
    return { range, checked, differing: true, fixes };
  }

  /** The id space of a cycle: from the smallest to the largest id on either side. */
  private async span() {
    const [db, es] = await Promise.all([this.catalog.idRange(), this.indexIdRange()]);
    const minId = Math.min(db?.minId ?? Infinity, es?.minId ?? Infinity);
    const maxId = Math.max(db?.maxId ?? -Infinity, es?.maxId ?? -Infinity);
    if (!Number.isFinite(minId))
      return { minId: 1, maxId: 0, rangeSize: this.settings.rangeSize, rangesTotal: 0 };
    return {
      minId,
      maxId,
      rangeSize: this.settings.rangeSize,
      rangesTotal: rangesIn(minId, maxId, this.settings.rangeSize),
    };
  }

  private async indexIdRange(): Promise<{ minId: number; maxId: number } | null> {
    const response = await this.client.search({
      index: this.settings.writeAlias,
      size: 0,
      aggs: { min: { min: { field: 'id' } }, max: { max: { field: 'id' } } },
    });
    const aggs = response.aggregations as Record<string, { value: number | null }> | undefined;
    const min = aggs?.['min']?.value;
    const max = aggs?.['max']?.value;
    return min === null || min === undefined || max === null || max === undefined
      ? null
      : { minId: min, maxId: max };
  }

  private async current(id: number): Promise<RepairCycleRecord> {
    const cycle = await this.cycles.get(id);
    if (!cycle) throw new Error(`repair cycle ${id} vanished`);
    return cycle;
  }
}
