import { runBoundedPipeline } from './bounded-pipeline';

export interface BatchPipelineOptions {
  /** Loads in flight at once, and bulk writes in flight at once (so up to twice this in all). */
  concurrency: number;
}

/**
 * Runs `load` then `write` for each batch of a list, the loads of later batches running while
 * earlier batches are written (load N+1 overlaps bulk N): `runBoundedPipeline` with `concurrency`
 * readers and writers and no extra buffer, so at most `concurrency` loaded batches wait for a write
 * and memory stays bounded. Batches start in order; the writes' results come back in batch order.
 * The first error stops batches that have not started, waits for those in flight, and is thrown.
 */
export async function runPipeline<B, L, W>(
  batches: readonly B[],
  load: (batch: B) => Promise<L>,
  write: (loaded: L, batch: B) => Promise<W>,
  options: BatchPipelineOptions,
): Promise<W[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const results: W[] = new Array<W>(batches.length);
  let next = 0;
  await runBoundedPipeline<{ at: number; loaded: L }>(
    async () => {
      if (next >= batches.length) return undefined;
      const at = next++;
      return { at, loaded: await load(batches[at] as B) };
    },
    async ([item]) => {
      if (item) results[item.at] = await write(item.loaded, batches[item.at] as B);
    },
    { readers: concurrency, writers: concurrency, buffered: 0 },
  );
  return results;
}
