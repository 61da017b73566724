import { runPipeline } from './batch-pipeline';

/** A promise the test settles by hand, so the order of events is the test's, not the clock's. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('runPipeline', () => {
  it('loads the next batch while the previous one is written, and returns the writes in batch order', async () => {
    const log: string[] = [];
    const loads = [deferred(), deferred(), deferred()];
    const writes = [deferred(), deferred(), deferred()];
    const run = runPipeline(
      [0, 1, 2],
      async (b) => {
        log.push(`load ${b}`);
        await loads[b]?.promise;
        return b * 10;
      },
      async (loaded, b) => {
        log.push(`write ${b}`);
        await writes[b]?.promise;
        return loaded + 1;
      },
      { concurrency: 1 },
    );
    await flush();
    expect([...log].sort()).toEqual(['load 0']);
    loads[0]?.resolve();
    await flush();
    // batch 0 is being written and batch 1 is loading at the same time
    expect([...log].sort()).toEqual(['load 0', 'load 1', 'write 0']);
    loads[1]?.resolve();
    await flush();
    // one write at a time: batch 1 waits for batch 0's write; batch 2 waits for a pipeline slot
    expect([...log].sort()).toEqual(['load 0', 'load 1', 'write 0']);
    writes[0]?.resolve();
    await flush();
    expect([...log].sort()).toEqual(['load 0', 'load 1', 'load 2', 'write 0', 'write 1']);
    loads[2]?.resolve();
    writes[1]?.resolve();
    writes[2]?.resolve();
    await expect(run).resolves.toEqual([1, 11, 21]);
  });

  it('keeps at most `concurrency` loads and writes in flight', async () => {
    let loading = 0;
    let writing = 0;
    let maxLoading = 0;
    let maxWriting = 0;
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await runPipeline(
      Array.from({ length: 20 }, (_, i) => i),
      async (b) => {
        maxLoading = Math.max(maxLoading, ++loading);
        await tick();
        loading--;
        return b;
      },
      async (b) => {
        maxWriting = Math.max(maxWriting, ++writing);
        await tick();
        await tick();
        writing--;
        return b;
      },
      { concurrency: 2 },
    );
    expect(maxLoading).toBe(2);
    expect(maxWriting).toBe(2);
  });

  it('stops starting batches after the first error, waits for those in flight, and throws it', async () => {
    const started: number[] = [];
    const written: number[] = [];
    const slowWrite = deferred();
    const failingLoad = deferred();
    const run = runPipeline(
      [0, 1, 2, 3, 4],
      async (b) => {
        started.push(b);
        if (b === 1) await failingLoad.promise;
        return b;
      },
      async (b) => {
        if (b === 0) await slowWrite.promise;
        written.push(b);
        return b;
      },
      { concurrency: 1 },
    );
    const settled = run.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    await flush();
    // batch 0 is being written when batch 1's load fails
    failingLoad.reject(new Error('DB down'));
    await flush();
    slowWrite.resolve();
    expect(await settled).toBe('DB down');
    expect(written).toEqual([0]);
    expect(started).toEqual([0, 1]);
  });

  it('handles no batches', async () => {
    await expect(
      runPipeline(
        [],
        async () => 1,
        async () => 2,
        { concurrency: 2 },
      ),
    ).resolves.toEqual([]);
  });
});
