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
  type RangeDigest,
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

/** How often a running cycle looks whether a rebuild moved the write alias. */
const rebuildCheckMs = 1_000;

/** A range whose digests are on their way. */
interface PendingRange {
  range: IdRange;
  startedMs: number;
  digests: Promise<[RangeDigest, RangeDigest]>;
}

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
        let rebuildCheckedMs = Date.now();
        /** False when the run must stop before the next range (the cycle stays `running`). */
        const mayGoOn = async (): Promise<boolean> => {
          if (options.signal?.aborted) return false;
          if (options.mayContinue && !(await options.mayContinue())) return false;
          // a rebuild moving the write alias is noticed within a second, not looked up per range
          if (Date.now() - rebuildCheckedMs >= rebuildCheckMs) {
            rebuildCheckedMs = Date.now();
            if (await this.rebuildRunning()) {
              this.logger.warn(`a rebuild is writing to ${alias}: repair cycle ${cycle.id} waits`);
              return false;
            }
          }
          return true;
        };
        const rangeFrom = (from: number): IdRange => ({
          from,
          to: Math.min(from + rangeSize - 1, cycle.maxId),
        });
        let pending: PendingRange | null = null;
        if (cycle.nextFrom <= cycle.maxId) {
          if (!(await mayGoOn())) return this.current(cycle.id);
          pending = this.startRange(rangeFrom(cycle.nextFrom));
        }
        while (pending) {
          const result = await this.finishRange(pending);
          done += 1;
          const nextFrom = result.range.to + 1;
          let next: PendingRange | null = null;
          if (nextFrom <= cycle.maxId) {
            // paced over the cycle time for the ranges this run has left, and never faster than
            // the cap between two range starts: the bounded rate holds with one range in flight
            await sleep(
              delayBeforeNextRange(
                this.settings.pace,
                cycle.rangesTotal - doneBefore,
                done - doneBefore,
                Date.now() - startedMs,
                rangeSize,
                Date.now() - pending.startedMs,
              ),
              options.signal,
            );
            // the next range's digests run while this range's checkpoint is written
            if (await mayGoOn()) next = this.startRange(rangeFrom(nextFrom));
          }
          await this.cycles.rangeDone(cycle.id, nextFrom, result.checked, result.differing, result.fixes);
          if (!next && nextFrom <= cycle.maxId) return this.current(cycle.id);
          pending = next;
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
  repairRange(range: IdRange): Promise<RangeRepair> {
    return this.finishRange(this.startRange(range));
  }

  /** Starts a range's two digests (the DB's by SQL, no document built; the index's by one search). */
  private startRange(range: IdRange): PendingRange {
    const digests = Promise.all([
      databaseDigest(this.catalog, range),
      indexDigest(this.client, this.settings.writeAlias, range),
    ]);
    // awaited later (after a checkpoint write): a failure must not count as unhandled meanwhile
    digests.catch(() => undefined);
    return { range, startedMs: Date.now(), digests };
  }

  /** Compares a started range's digests; lists, compares and fixes its ids when they differ. */
  private async finishRange({ range, digests }: PendingRange): Promise<RangeRepair> {
    const index = this.settings.writeAlias;
    const checked = range.to - range.from + 1;
    const [db, indexed] = await digests;
    repairProductsChecked.inc(checked);
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
