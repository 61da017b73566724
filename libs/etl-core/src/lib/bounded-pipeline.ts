/**
 * A two-stage pipeline with a bounded hand-over: `readers` loops produce items (e.g. load and build
 * the documents of one id range) while `writers` loops consume them (e.g. bulk-write them), so the
 * reads of range N+1 overlap the write of range N. At most `buffered` produced items wait for a
 * writer besides those being read, and a reader only starts on a new item when there is room for it,
 * so what is held in memory is bounded by `readers + buffered + writers` items, whatever the size of
 * the input.
 */
export interface PipelineOptions {
  /** Producer loops (reads in flight). */
  readers: number;
  /** Consumer loops (writes in flight). */
  writers: number;
  /** Produced items that may wait for a writer beyond one per reader (0: readers hand over one each). */
  buffered: number;
}

/** Where the time went: which stage waited for the other (per-stage timers for tuning). */
export interface PipelineStats {
  items: number;
  /** Summed over reader loops: time spent producing. */
  readMs: number;
  /** Summed over reader loops: time a reader waited because the buffer was full (writes are the bottleneck). */
  readerBlockedMs: number;
  /** Summed over writer loops: time spent consuming. */
  writeMs: number;
  /** Summed over writer loops: time a writer waited for a read item (reads are the bottleneck). */
  writerIdleMs: number;
}

export class InvalidPipelineOptions extends Error {
  constructor(options: PipelineOptions) {
    super(`pipeline needs readers >= 1, writers >= 1 and buffered >= 0, got ${JSON.stringify(options)}`);
    this.name = 'InvalidPipelineOptions';
  }
}

/**
 * Runs `produce` (undefined: nothing left) and `consume` until every produced item is consumed. A
 * consumer may take several waiting items at once (`take` says how many it wants, given what is
 * waiting; default one), e.g. to coalesce small items into one bulk request. The first error stops
 * both stages (no new item is produced or taken) and is rethrown once every loop has settled; items
 * produced but not consumed by then are dropped (their work is redone by whoever retries).
 * Resolves with where the time went.
 */
export async function runBoundedPipeline<T>(
  produce: () => Promise<T | undefined>,
  consume: (items: T[]) => Promise<void>,
  options: PipelineOptions,
  take: (waiting: readonly T[]) => number = () => 1,
): Promise<PipelineStats> {
  const { readers, writers, buffered } = options;
  const stats: PipelineStats = { items: 0, readMs: 0, readerBlockedMs: 0, writeMs: 0, writerIdleMs: 0 };
  const since = (t: number) => performance.now() - t;
  if (!(readers >= 1 && writers >= 1 && buffered >= 0)) throw new InvalidPipelineOptions(options);
  const waiting: T[] = [];
  let reading = 0;
  let readersLeft = readers;
  let exhausted = false;
  let failure: { error: unknown } | undefined;
  // one wake-up list for both stages: any change of state may unblock any loop
  let wakers: (() => void)[] = [];
  const wake = () => {
    const list = wakers;
    wakers = [];
    for (const w of list) w();
  };
  const changed = () => new Promise<void>((resolve) => wakers.push(resolve));
  const fail = (error: unknown) => {
    failure ??= { error };
    wake();
  };

  const reader = async () => {
    try {
      while (!failure && !exhausted) {
        // every reader may be busy while `buffered` items wait: reads never stall for a slow writer
        // before the buffer is full, and never more than readers + buffered items are read ahead
        if (waiting.length + reading >= buffered + readers) {
          const t = performance.now();
          await changed();
          stats.readerBlockedMs += since(t);
          continue;
        }
        reading++;
        let item: T | undefined;
        const t = performance.now();
        try {
          item = await produce();
        } finally {
          reading--;
          stats.readMs += since(t);
        }
        if (item === undefined) exhausted = true;
        else {
          waiting.push(item);
          stats.items++;
        }
        wake();
      }
    } catch (error) {
      fail(error);
    } finally {
      readersLeft--;
      wake();
    }
  };

  const writer = async () => {
    try {
      while (!failure) {
        if (waiting.length === 0) {
          if (readersLeft === 0) return;
          const t = performance.now();
          await changed();
          stats.writerIdleMs += since(t);
          continue;
        }
        const n = Math.min(waiting.length, Math.max(1, Math.floor(take(waiting))));
        const items = waiting.splice(0, n);
        wake();
        const t = performance.now();
        await consume(items);
        stats.writeMs += since(t);
      }
    } catch (error) {
      fail(error);
    }
  };

  await Promise.all([...Array.from({ length: readers }, reader), ...Array.from({ length: writers }, writer)]);
  if (failure) throw failure.error;
  return stats;
}

/**
 * Picks the documents per bulk request from measured latency (pure state, fed by the writer): while
 * requests come back faster than `targetMs` the size grows by half, above it the size shrinks to
 * what the last request's rate would have done in `targetMs`. Within [minDocs, maxDocs].
 */
export class LatencyBulkSizer {
  private size: number;

  constructor(
    private readonly settings: { targetMs: number; minDocs: number; maxDocs: number; startDocs: number },
  ) {
    this.size = this.clamp(settings.startDocs);
  }

  /** Documents the next request should carry. */
  get docs(): number {
    return this.size;
  }

  /** Feeds the outcome of one request: `docs` documents took `ms`. */
  observe(docs: number, ms: number): void {
    if (docs <= 0 || !Number.isFinite(ms) || ms < 0) return;
    // only a request that was full says something about a bigger size
    if (ms <= this.settings.targetMs) {
      if (docs >= this.size * 0.8) this.size = this.clamp(Math.ceil(this.size * 1.5));
    } else {
      this.size = this.clamp(Math.floor((docs * this.settings.targetMs) / ms));
    }
  }

  private clamp(n: number): number {
    return Math.min(this.settings.maxDocs, Math.max(this.settings.minDocs, n));
  }
}
