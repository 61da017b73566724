import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { syntheticResult } from '../fixtures/synthetic-run';
import { type JmhRun, compareRuns } from './comparison';
import { formatComparison } from './comparison-report';
import { parseJmhLogFailures } from './jmh-failure';
import { parseJmhResults } from './jmh-result.parser';

const fixtureDir = join(__dirname, '../fixtures');
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as unknown;

const run = (label: string, ...results: ReturnType<typeof syntheticResult>[]): JmhRun => ({ label, results });

describe('compareRuns on synthetic data', () => {
  it('a clear 10% regression with 5 forks a side is a regression (time unit)', () => {
    const a = syntheticResult({ score: 100, forks: 5, forkSd: 0.01, seed: 1 });
    const b = syntheticResult({ score: 110, forks: 5, forkSd: 0.01, seed: 2 });
    const [c] = compareRuns(run('A', a), run('B', b)).comparisons;
    expect(c.status).toBe('regression');
    expect(c.direction).toBe('lower-is-better');
    expect(c.ratio).toBeCloseTo(1.1, 1);
    expect(c.speedup).toBeCloseTo(1 / 1.1, 1);
    expect(c.speedupCi?.upper).toBeLessThan(1);
  });

  it('a 10% drop in throughput is a regression and a 10% rise an improvement (throughput unit)', () => {
    const spec = { mode: 'thrpt' as const, unit: 'ops/ms', forks: 5, forkSd: 0.01 };
    const a = syntheticResult({ ...spec, score: 1000, seed: 3 });
    const slower = syntheticResult({ ...spec, score: 900, seed: 4 });
    const faster = syntheticResult({ ...spec, score: 1100, seed: 5 });
    const down = compareRuns(run('A', a), run('B', slower)).comparisons[0];
    expect(down.direction).toBe('higher-is-better');
    expect(down.status).toBe('regression');
    expect(compareRuns(run('A', a), run('B', faster)).comparisons[0].status).toBe('improvement');
  });

  it('a 10% time reduction is an improvement (time unit, other direction)', () => {
    const a = syntheticResult({ score: 100, forks: 5, forkSd: 0.01, seed: 6 });
    const b = syntheticResult({ score: 90, forks: 5, forkSd: 0.01, seed: 7 });
    const [c] = compareRuns(run('A', a), run('B', b)).comparisons;
    expect(c.status).toBe('improvement');
    expect(c.speedup).toBeGreaterThan(1.05);
  });

  it('identical distributions are never a regression or an improvement (100 seeds)', () => {
    const statuses = new Set<string>();
    for (let seed = 0; seed < 100; seed++) {
      const a = syntheticResult({ score: 100, forks: 5, forkSd: 0.01, seed: 1000 + seed });
      const b = syntheticResult({ score: 100, forks: 5, forkSd: 0.01, seed: 2000 + seed });
      statuses.add(
        compareRuns(run('A', a), run('B', b), { bootstrap: { resamples: 1000 } }).comparisons[0].status,
      );
    }
    expect([...statuses].every((s) => s === 'no-change' || s === 'inconclusive')).toBe(true);
    expect(statuses.has('no-change')).toBe(true);
  });

  it('a 0.5% change that is significant is still no-change (minimum effect)', () => {
    const a = syntheticResult({ score: 100, forks: 5, forkSd: 0.0005, iterationSd: 0.0005, seed: 8 });
    const b = syntheticResult({ score: 100.5, forks: 5, forkSd: 0.0005, iterationSd: 0.0005, seed: 9 });
    const [c] = compareRuns(run('A', a), run('B', b)).comparisons;
    expect(c.pValue).toBeLessThan(0.001);
    expect(c.status).toBe('no-change');
    expect(c.reason).toContain('minimum effect');
    // With the minimum effect switched off, the same data is a regression.
    expect(compareRuns(run('A', a), run('B', b), { minEffect: 0 }).comparisons[0].status).toBe('regression');
  });

  it('one fork per side is inconclusive, however large the difference', () => {
    const a = syntheticResult({ score: 100, forks: 1, forkSd: 0.01, seed: 10 });
    const b = syntheticResult({ score: 200, forks: 1, forkSd: 0.01, seed: 11 });
    const [c] = compareRuns(run('A', a), run('B', b)).comparisons;
    expect(c.status).toBe('inconclusive');
    expect(c.reason).toContain('too few forks');
  });

  it('uses forks, not pooled iterations: tight iterations inside noisy forks are not significant', () => {
    // 3 forks with 5% fork-to-fork spread and 40 very tight iterations each: pooling 120 iterations
    // would make a 3% shift look certain; over forks it is not.
    const spec = { forks: 3, iterations: 40, forkSd: 0.05, iterationSd: 0.001 };
    const a = syntheticResult({ ...spec, score: 100, seed: 12 });
    const b = syntheticResult({ ...spec, score: 103, seed: 13 });
    const [c] = compareRuns(run('A', a), run('B', b)).comparisons;
    expect(c.status).toBe('inconclusive');
  });

  it('converts units between runs (ops/s vs ops/ms)', () => {
    const a = syntheticResult({
      mode: 'thrpt',
      unit: 'ops/ms',
      score: 1000,
      forks: 4,
      forkSd: 0.01,
      seed: 14,
    });
    const b = syntheticResult({
      mode: 'thrpt',
      unit: 'ops/s',
      score: 1_000_000,
      forks: 4,
      forkSd: 0.01,
      seed: 15,
    });
    const [c] = compareRuns(run('A', a), run('B', b)).comparisons;
    expect(c.unit).toBe('ops/ms');
    expect(c.ratio).toBeCloseTo(1, 1);
    expect(['no-change', 'inconclusive']).toContain(c.status);
  });

  it('applies Benjamini–Hochberg across the suite and keeps params apart', () => {
    const results = (score: number, seed: number) =>
      [1, 2, 3, 4].map((size) =>
        syntheticResult({ params: { size: String(size) }, score, forks: 4, forkSd: 0.01, seed: seed + size }),
      );
    const suite = compareRuns(
      { label: 'A', results: results(100, 20) },
      { label: 'B', results: results(100, 40) },
    );
    expect(suite.comparisons.map((c) => c.key)).toEqual([
      'dev.keel.jmh.SyntheticBenchmark.run [avgt] {size=1}',
      'dev.keel.jmh.SyntheticBenchmark.run [avgt] {size=2}',
      'dev.keel.jmh.SyntheticBenchmark.run [avgt] {size=3}',
      'dev.keel.jmh.SyntheticBenchmark.run [avgt] {size=4}',
    ]);
    for (const c of suite.comparisons) expect(c.qValue).toBeGreaterThanOrEqual(c.pValue ?? 0);
  });

  it('reports a benchmark absent on one side as missing, never throwing', () => {
    const a = syntheticResult({ score: 100, forks: 3, forkSd: 0.01, seed: 16 });
    const onlyA = syntheticResult({
      benchmark: 'dev.keel.jmh.Gone.run',
      score: 100,
      forks: 3,
      forkSd: 0.01,
      seed: 17,
    });
    const b = syntheticResult({ score: 100, forks: 3, forkSd: 0.01, seed: 18 });
    const suite = compareRuns(run('A', a, onlyA), run('B', b));
    const gone = suite.comparisons.find((c) => c.benchmark === 'dev.keel.jmh.Gone.run');
    expect(gone?.status).toBe('missing');
    expect(gone?.reason).toBe('no result in candidate (B)');
    expect(suite.counts.missing).toBe(1);
  });

  it('reports a crashed or hung benchmark as crashed, even when the other side has data', () => {
    const a = syntheticResult({ score: 100, forks: 3, forkSd: 0.01, seed: 19 });
    const b = syntheticResult({ score: 100, forks: 3, forkSd: 0.01, seed: 20 });
    const suite = compareRuns(run('A', a), {
      label: 'B',
      results: [b],
      failures: [
        { benchmark: a.benchmark, kind: 'hung', reason: 'killed by the runner after 600 s' },
        { benchmark: 'dev.keel.jmh.Never.ran', mode: 'thrpt', kind: 'crashed', reason: 'SIGSEGV' },
      ],
    });
    expect(suite.comparisons.map((c) => [c.key, c.status, c.reason])).toEqual([
      ['dev.keel.jmh.Never.ran [thrpt]', 'crashed', 'candidate crashed: SIGSEGV'],
      [
        'dev.keel.jmh.SyntheticBenchmark.run [avgt]',
        'crashed',
        'candidate hung: killed by the runner after 600 s',
      ],
    ]);
  });

  it('drops forks without a finite score and says so', () => {
    const a = syntheticResult({ score: 100, forks: 3, forkSd: 0.01, seed: 21 });
    const b = syntheticResult({ score: 100, forks: 3, forkSd: 0.01, seed: 22 });
    const broken = { ...b, primary: { ...b.primary, forks: [...b.primary.forks.slice(0, 1), [Number.NaN]] } };
    const [c] = compareRuns(run('A', a), run('B', broken)).comparisons;
    expect(c.candidate?.droppedForks).toBe(1);
    expect(c.status).toBe('inconclusive');
  });

  it('is deterministic: the same input gives the same intervals', () => {
    const a = syntheticResult({ score: 100, forks: 4, forkSd: 0.02, seed: 23 });
    const b = syntheticResult({ score: 104, forks: 4, forkSd: 0.02, seed: 24 });
    expect(compareRuns(run('A', a), run('B', b))).toEqual(compareRuns(run('A', a), run('B', b)));
  });
});

describe('compareRuns on the real fixtures (default OpenJDK 17 vs Temurin 25)', () => {
  const openjdk: JmhRun = {
    label: 'openjdk-17.0.15',
    results: parseJmhResults(fixture('openjdk17-debian.json')),
  };
  const temurin: JmhRun = { label: 'temurin-25.0.3', results: parseJmhResults(fixture('temurin25.json')) };

  it('compares the three benchmarks over 3 forks each, with directions from both unit kinds', () => {
    const suite = compareRuns(openjdk, temurin);
    expect(suite.comparisons).toHaveLength(3);
    for (const c of suite.comparisons) {
      expect(c.baseline?.forkValues).toHaveLength(3);
      expect(c.candidate?.forkValues).toHaveLength(3);
    }
    const byName = (s: string) => suite.comparisons.find((c) => c.benchmark.endsWith(s));
    expect(byName('sha256Block')?.direction).toBe('higher-is-better');
    expect(byName('concat')?.direction).toBe('lower-is-better');
    // JDK 18+ reimplemented Method.invoke on method handles (JEP 416): ~8x faster in this run.
    expect(byName('reflectiveInvoke')?.status).toBe('improvement');
    expect(byName('reflectiveInvoke')?.speedup).toBeGreaterThan(5);
    // 200 ms iterations on a 2-core machine: the other two are too noisy to call.
    expect(byName('sha256Block')?.status).toBe('inconclusive');
    expect(byName('concat')?.status).toBe('inconclusive');
    expect(formatComparison(suite)).toContain('1 improvement, 2 inconclusive');
  });

  it('swapping the sides turns the improvement into a regression', () => {
    const suite = compareRuns(temurin, openjdk);
    expect(suite.comparisons.find((c) => c.benchmark.endsWith('reflectiveInvoke'))?.status).toBe(
      'regression',
    );
  });

  it('reports the benchmarks of a crashed run from its log as crashed, the rest as missing', () => {
    const log = readFileSync(join(fixtureDir, 'openjdk17-crashed-forks.stdout.txt'), 'utf8');
    const crashed: JmhRun = { label: 'crashed', results: [], failures: parseJmhLogFailures(log) };
    const suite = compareRuns(openjdk, crashed);
    expect(suite.counts).toMatchObject({ crashed: 2, missing: 2 });
    expect(
      suite.comparisons.find((c) => c.key === 'dev.keel.jmh.StringBenchmark.concat [avgt]')?.status,
    ).toBe('crashed');
  });
});
