import { InvalidPipelineOptions, LatencyBulkSizer, runBoundedPipeline } from './bounded-pipeline';

/** A promise resolved from outside, so a test decides when each read or write finishes. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('runBoundedPipeline', () => {
  it('consumes every produced item exactly once', async () => {
    let next = 0;
    const seen: number[] = [];
    const stats = await runBoundedPipeline(
      async () => (next < 100 ? next++ : undefined),
      async (items) => {
        seen.push(...items);
      },
      { readers: 3, writers: 2, buffered: 4 },
    );
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(stats.items).toBe(100);
  });

  it('reads the next item while the previous one is being written', async () => {
    const write = deferred();
    let produced = 0;
    const done = runBoundedPipeline(
      async () => (produced < 2 ? ++produced : undefined),
      () => write.promise,
      { readers: 1, writers: 1, buffered: 1 },
    );
    await flush();
    // item 1 is in the writer, which has not finished: item 2 was read meanwhile
    expect(produced).toBe(2);
    write.resolve();
    await done;
  });

  it('never holds more than readers + buffered + writers items, however long the input', async () => {
    let next = 0;
    let live = 0;
    let peak = 0;
    const writes: ReturnType<typeof deferred<void>>[] = [];
    const done = runBoundedPipeline(
      async () => {
        if (next >= 50) return undefined;
        next++;
        live++;
        peak = Math.max(peak, live);
        return next;
      },
      async (items) => {
        const d = deferred();
        writes.push(d);
        await d.promise;
        live -= items.length;
      },
      { readers: 2, writers: 1, buffered: 3 },
    );
    for (let i = 0; i < 200 && (writes.length < 50 || next < 50); i++) {
      await flush();
      writes.shift()?.resolve();
    }
    while (writes.length > 0) {
      writes.shift()?.resolve();
      await flush();
    }
    await done;
    expect(next).toBe(50);
    expect(peak).toBeLessThanOrEqual(2 + 3 + 1);
  });

  it('lets a writer take several waiting items at once', async () => {
    let next = 0;
    const batches: number[][] = [];
    const gate = deferred();
    const done = runBoundedPipeline(
      async () => (next < 6 ? next++ : undefined),
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate.promise;
      },
      { readers: 1, writers: 1, buffered: 8 },
      (waiting) => waiting.length,
    );
    await flush();
    // the writer is held on its first batch while the reader fills the buffer
    gate.resolve();
    await done;
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
  });

  it('stops at the first error and rethrows it after every loop settled', async () => {
    let next = 0;
    let written = 0;
    await expect(
      runBoundedPipeline(
        async () => (next < 1000 ? next++ : undefined),
        async () => {
          written++;
          if (written === 3) throw new Error('bulk failed');
        },
        { readers: 2, writers: 2, buffered: 2 },
      ),
    ).rejects.toThrow('bulk failed');
    // no loop goes on after the failure: far fewer than all items were read
    expect(next).toBeLessThan(20);
  });

  it('rethrows a read error', async () => {
    await expect(
      runBoundedPipeline(
        async () => {
          throw new Error('DB down');
        },
        async () => undefined,
        { readers: 1, writers: 1, buffered: 1 },
      ),
    ).rejects.toThrow('DB down');
  });

  it('refuses a stage without loops', async () => {
    await expect(
      runBoundedPipeline(
        async () => undefined,
        async () => undefined,
        { readers: 0, writers: 1, buffered: 1 },
      ),
    ).rejects.toBeInstanceOf(InvalidPipelineOptions);
  });
});

describe('LatencyBulkSizer', () => {
  const sizer = () => new LatencyBulkSizer({ targetMs: 400, minDocs: 500, maxDocs: 8000, startDocs: 1000 });

  it('grows while full requests come back under the target', () => {
    const s = sizer();
    s.observe(1000, 100);
    expect(s.docs).toBe(1500);
    s.observe(1500, 100);
    expect(s.docs).toBe(2250);
  });

  it('does not grow on a request that was far from full', () => {
    const s = sizer();
    s.observe(200, 10);
    expect(s.docs).toBe(1000);
  });

  it('shrinks to what the measured rate does in the target time', () => {
    const s = sizer();
    s.observe(4000, 1600);
    expect(s.docs).toBe(1000);
    s.observe(1000, 800);
    expect(s.docs).toBe(500);
  });

  it('stays within its bounds', () => {
    const s = sizer();
    for (let i = 0; i < 20; i++) s.observe(s.docs, 1);
    expect(s.docs).toBe(8000);
    s.observe(8000, 1_000_000);
    expect(s.docs).toBe(500);
  });
});
