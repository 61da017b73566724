/** At most `size` tasks at once; waiting tasks start in the order they asked. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

export interface PipelineOptions {
  /** Loads in flight at once, and bulk writes in flight at once (so up to twice this in all). */
  concurrency: number;
}

/**
 * Runs `load` then `write` for each batch, with the loads of later batches running while earlier
 * batches are written (load N+1 overlaps bulk N), at most `concurrency` of each at once and at most
 * `concurrency` loaded batches waiting for a write, so memory stays bounded. Batches start in order.
 * The first error stops batches that have not started, waits for those in flight, and is thrown.
 */
export async function runPipeline<B, L, W>(
  batches: readonly B[],
  load: (batch: B) => Promise<L>,
  write: (loaded: L, batch: B) => Promise<W>,
  options: PipelineOptions,
): Promise<W[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  // a batch holds one of these from the start of its load to the end of its write
  const inPipeline = new Slots(2 * concurrency);
  const loads = new Slots(concurrency);
  const writes = new Slots(concurrency);
  let failure: { error: unknown } | undefined;
  const results = await Promise.allSettled(
    batches.map((batch) =>
      inPipeline.run(async () => {
        if (failure) return undefined;
        try {
          const loaded = await loads.run(() => load(batch));
          if (failure) return undefined;
          return await writes.run(() => write(loaded, batch));
        } catch (error) {
          failure ??= { error };
          throw error;
        }
      }),
    ),
  );
  if (failure) throw failure.error;
  return results.map((r) => (r as PromiseFulfilledResult<W>).value);
}
