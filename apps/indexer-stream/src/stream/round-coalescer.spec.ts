import { RoundCoalescer, type CoalescedOutcome } from './round-coalescer';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const none: CoalescedOutcome = { failed: [], poisoned: [] };
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RoundCoalescer', () => {
  it('joins the rounds queued while a run is busy into one run, with ids de-duplicated across them', async () => {
    const runs: { ids: number[]; done: ReturnType<typeof deferred<CoalescedOutcome>> }[] = [];
    const coalescer = new RoundCoalescer(
      (ids) => {
        const done = deferred<CoalescedOutcome>();
        runs.push({ ids, done });
        return done.promise;
      },
      { runsInFlight: 1, maxIdsPerRun: 100 },
    );
    const first = coalescer.submit([1, 2]);
    const second = coalescer.submit([3, 2]);
    const third = coalescer.submit([4]);
    expect(runs.map((r) => r.ids)).toEqual([[1, 2]]);
    expect(coalescer.waiting).toBe(2);
    runs[0]?.done.resolve(none);
    await expect(first).resolves.toEqual(none);
    expect(runs.map((r) => r.ids)).toEqual([
      [1, 2],
      [3, 2, 4],
    ]);
    runs[1]?.done.resolve({
      failed: [{ id: 4, reason: 'mapper_parsing_exception', retryable: false }],
      poisoned: [{ id: 3, error: new Error('bad row') }],
    });
    // each round hears only about its own ids
    await expect(second).resolves.toEqual({ failed: [], poisoned: [{ id: 3, error: new Error('bad row') }] });
    await expect(third).resolves.toEqual({
      failed: [{ id: 4, reason: 'mapper_parsing_exception', retryable: false }],
      poisoned: [],
    });
  });

  it('fails every round of a run that failed, and goes on with the next rounds', async () => {
    const runs: ReturnType<typeof deferred<CoalescedOutcome>>[] = [];
    const coalescer = new RoundCoalescer(
      () => {
        const done = deferred<CoalescedOutcome>();
        runs.push(done);
        return done.promise;
      },
      { runsInFlight: 1, maxIdsPerRun: 100 },
    );
    const first = coalescer.submit([1]);
    const second = coalescer.submit([2]);
    const third = coalescer.submit([3]);
    runs[0]?.resolve(none);
    await first;
    runs[1]?.reject(new Error('Elasticsearch bulk request failed'));
    await expect(second).rejects.toThrow('Elasticsearch bulk request failed');
    await expect(third).rejects.toThrow('Elasticsearch bulk request failed');
    const fourth = coalescer.submit([4]);
    runs[2]?.resolve(none);
    await expect(fourth).resolves.toEqual(none);
  });

  it('keeps up to runsInFlight runs going at once and caps the ids of a run (one round always fits)', async () => {
    const started: number[][] = [];
    const runs: ReturnType<typeof deferred<CoalescedOutcome>>[] = [];
    const coalescer = new RoundCoalescer(
      (ids) => {
        started.push(ids);
        const done = deferred<CoalescedOutcome>();
        runs.push(done);
        return done.promise;
      },
      { runsInFlight: 2, maxIdsPerRun: 3 },
    );
    const rounds = [coalescer.submit([1]), coalescer.submit([2]), coalescer.submit([3, 4, 5, 6])];
    rounds.push(coalescer.submit([7, 8]), coalescer.submit([9]));
    expect(started).toEqual([[1], [2]]);
    runs[0]?.resolve(none);
    await flush();
    expect(started).toEqual([[1], [2], [3, 4, 5, 6]]);
    runs[1]?.resolve(none);
    await flush();
    expect(started).toEqual([[1], [2], [3, 4, 5, 6], [7, 8, 9]]);
    runs[2]?.resolve(none);
    runs[3]?.resolve(none);
    await Promise.all(rounds);
  });

  it('tells the run how long its rounds waited in the queue, in seconds summed over the rounds', async () => {
    let clock = 0;
    const waited: number[] = [];
    const runs: ReturnType<typeof deferred<CoalescedOutcome>>[] = [];
    const coalescer = new RoundCoalescer(
      (_ids, waitedS) => {
        waited.push(waitedS);
        const done = deferred<CoalescedOutcome>();
        runs.push(done);
        return done.promise;
      },
      { runsInFlight: 1, maxIdsPerRun: 10 },
      () => clock,
    );
    const a = coalescer.submit([1]);
    clock = 100;
    const b = coalescer.submit([2]);
    clock = 300;
    const c = coalescer.submit([3]);
    clock = 500;
    runs[0]?.resolve(none);
    await a;
    runs[1]?.resolve(none);
    await Promise.all([b, c]);
    expect(waited).toEqual([0, 0.6]);
  });
});
