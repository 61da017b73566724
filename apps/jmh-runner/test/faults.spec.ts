import { eventually } from '@keel/test-harness';
import { existsSync, readFileSync } from 'node:fs';
import { descendants } from '../src/harness/watched-process';
import { faultyJar, openJdk17, openRunner, requireJars, type TestRunner } from './support';

// Invariant 8: a crash, a hang or a missing benchmark is a stored result, never a runner failure.
describe('jmh-runner: crashes, hangs and missing benchmarks are results', () => {
  let t: TestRunner;

  beforeAll(async () => {
    requireJars();
    t = await openRunner('jmh_faults', { leaseMs: 1500 });
  });

  afterAll(async () => t?.close());

  it('stores System.exit(1) and a SIGSEGV as crashes (with hs_err) and kills a spinning benchmark as a hang', async () => {
    const run = await t.runner.runNow({
      build: openJdk17,
      profile: 'tiny',
      include: 'faulty\\.(Exit|Segfault|Spin)Benchmark',
      jar: faultyJar,
      timeoutMs: 6000,
    });
    expect(run.status).toBe('done');
    expect({ crashed: run.crashedCount, hung: run.hungCount, results: run.resultCount }).toEqual({
      crashed: 2,
      hung: 1,
      results: 0,
    });
    const { rows, failures } = await t.stores.results.loadRun(run.id);
    const byBenchmark = Object.fromEntries(rows.map((r) => [r.benchmark.split('.').slice(-2).join('.'), r]));
    expect(byBenchmark['ExitBenchmark.exitWithStatus1']).toMatchObject({
      status: 'crashed',
      reason: 'forked VM failed with exit code 1',
    });
    expect(byBenchmark['SegfaultBenchmark.writeToAddressZero']).toMatchObject({
      status: 'crashed',
      reason: 'forked VM failed with exit code 134',
    });
    const hsErr = byBenchmark['SegfaultBenchmark.writeToAddressZero'].crashLogs;
    expect(hsErr).toHaveLength(1);
    expect(readFileSync(hsErr[0], 'utf8')).toContain('SIGSEGV');
    expect(run.crashLogs).toEqual(hsErr);
    expect(byBenchmark['SpinBenchmark.spinForever']).toMatchObject({ status: 'hung' });
    expect(byBenchmark['SpinBenchmark.spinForever'].reason).toContain('watchdog killed the JMH process tree');
    expect(failures.map((f) => f.kind).sort()).toEqual(['crashed', 'crashed', 'hung']);
    // the whole tree died: no JVM of ours is left spinning
    expect(await descendants(process.pid)).toEqual([]);
  });

  it('stores an include regex that matches nothing as a missing result', async () => {
    const run = await t.runner.runNow({
      build: openJdk17,
      profile: 'tiny',
      include: 'NoSuchBenchmark',
      jar: faultyJar,
    });
    expect(run).toMatchObject({ status: 'done', missingCount: 1, resultCount: 0 });
    const { rows } = await t.stores.results.loadRun(run.id);
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'missing',
        benchmark: 'NoSuchBenchmark',
        reason: expect.stringContaining('matches no benchmark'),
      }),
    ]);
  });

  it('a jar that does not exist fails the run with the reason, it does not crash the runner', async () => {
    const run = await t.runner.runNow({
      build: openJdk17,
      profile: 'tiny',
      jar: '/nonexistent/benchmarks.jar',
    });
    expect(run.status).toBe('failed');
    expect(run.error).toContain('JmhJarUnusable: /nonexistent/benchmarks.jar: no such file');
  });

  it('a run whose worker died is resumed after its lease expires, skipping the benchmarks already stored', async () => {
    const queued = await t.runner.enqueue({
      build: openJdk17,
      profile: 'tiny',
      include: 'faulty\\.(Exit|Healthy)Benchmark',
      jar: faultyJar,
    });
    // a worker claims it, stores one benchmark, and dies without renewing its lease
    const claimed = await t.stores.runs.claimRun('dead-worker', 1500, 3);
    expect(claimed?.id).toBe(queued.id);
    await t.stores.results.saveOutcomes(
      queued.id,
      [
        {
          kind: 'crashed',
          failure: {
            benchmark: 'dev.keel.jmh.faulty.HealthyBenchmark.sum',
            kind: 'crashed',
            reason: 'stored before the worker died',
          },
        },
      ],
      {},
    );
    expect(await t.stores.runs.claimRun('other-worker', 1500, 3)).toBeNull();
    const resumed = await eventually(
      async () => {
        const runs = await t.runner.worker.drain();
        expect(runs.map((r) => r.id)).toEqual([queued.id]);
        return runs[0];
      },
      { timeoutMs: 20_000 },
    );
    expect(resumed).toMatchObject({ status: 'done', attempts: 2, crashedCount: 2 });
    const { rows } = await t.stores.results.loadRun(queued.id);
    // the Healthy benchmark was not run again: its row is the one the dead worker stored
    expect(rows.find((r) => r.benchmark.endsWith('HealthyBenchmark.sum'))?.reason).toBe(
      'stored before the worker died',
    );
    expect(rows.find((r) => r.benchmark.endsWith('ExitBenchmark.exitWithStatus1'))?.status).toBe('crashed');
    expect(existsSync(`${t.workDir}/runs/${queued.id}`)).toBe(true);
  });

  it('interleaves the forks of two runs, merges them per key, and stops a side at its first crash', async () => {
    const request = {
      build: openJdk17,
      profile: 'tiny2',
      include: 'faulty\\.(Healthy|Exit)Benchmark',
      jar: faultyJar,
    };
    const [a, b] = await t.runner.runInterleaved([request, request]);
    for (const run of [a, b]) expect(run).toMatchObject({ status: 'done', resultCount: 1, crashedCount: 1 });
    const comparison = await t.runner.compare({ baselineRunId: a.id, candidateRunId: b.id });
    const healthy = comparison.verdicts.find((v) => v.benchmark.endsWith('HealthyBenchmark.sum'));
    expect(healthy?.baseline?.forkValues).toHaveLength(2);
    expect(healthy?.candidate?.forkValues).toHaveLength(2);
    expect(
      comparison.verdicts.find((v) => v.benchmark.endsWith('ExitBenchmark.exitWithStatus1'))?.status,
    ).toBe('crashed');
    // the exit benchmark crashed in fork 1 of each side: its fork 2 was never started
    const { rows } = await t.stores.results.loadRun(a.id);
    expect(rows.filter((r) => r.benchmark.endsWith('ExitBenchmark.exitWithStatus1'))).toHaveLength(1);
    expect(
      existsSync(`${t.workDir}/runs/${a.id}/dev.keel.jmh.faulty.ExitBenchmark.exitWithStatus1.fork2.log`),
    ).toBe(false);
    expect(existsSync(`${t.workDir}/runs/${a.id}/dev.keel.jmh.faulty.HealthyBenchmark.sum.fork2.json`)).toBe(
      true,
    );
  });
});
