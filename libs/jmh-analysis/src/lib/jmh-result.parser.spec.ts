import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { InvalidJmhResult, parseJmhResults } from './jmh-result.parser';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '../fixtures', name), 'utf8')) as unknown;

describe('parseJmhResults', () => {
  it('parses the real OpenJDK 17 run with per-fork data and gc secondary metrics', () => {
    const results = parseJmhResults(fixture('openjdk17-debian.json'));
    expect(results.map((r) => r.key).sort()).toEqual([
      'dev.keel.jmh.HashingBenchmark.sha256Block [thrpt]',
      'dev.keel.jmh.ReflectionBenchmark.reflectiveInvoke [avgt]',
      'dev.keel.jmh.StringBenchmark.concat [avgt]',
    ]);
    const sha = results.find((r) => r.benchmark.endsWith('sha256Block'));
    expect(sha?.primary.unit).toBe('ops/ms');
    expect(sha?.primary.forks).toHaveLength(3);
    expect(sha?.primary.forks.every((f) => f.length === 3)).toBe(true);
    expect(sha?.jdkVersion).toBe('17.0.15');
    expect(sha?.secondary['gc.alloc.rate.norm']?.unit).toBe('B/op');
    expect(sha?.secondary['gc.alloc.rate.norm']?.forks).toHaveLength(3);
  });

  it('parses the real Temurin 25 run of the same suite', () => {
    const results = parseJmhResults(fixture('temurin25.json'));
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.jdkVersion === '25.0.3')).toBe(true);
    expect(results.every((r) => r.vmVersion === '25.0.3+9-LTS')).toBe(true);
    expect(results.find((r) => r.mode === 'avgt')?.primary.unit).toBe('ns/op');
  });

  it('reads sample mode histograms as per-iteration weighted means', () => {
    const [result] = parseJmhResults(fixture('openjdk17-sample-mode.json'));
    expect(result.mode).toBe('sample');
    expect(result.primary.forks).toHaveLength(2);
    expect(result.primary.forks.flat().every((v) => Number.isFinite(v) && v > 0)).toBe(true);
  });

  it('reads single-shot mode and params, and turns JMH\'s "NaN" strings into numbers', () => {
    const [ss] = parseJmhResults(fixture('openjdk17-single-shot.json'));
    expect(ss.mode).toBe('ss');
    expect(ss.primary.unit).toBe('ms/op');
    const smoke = parseJmhResults(fixture('openjdk17-smoke-all.json'));
    expect(smoke.map((r) => r.key)).toContain(
      'dev.keel.jmh.CollectionsBenchmark.sortCopy [thrpt] {size=10000}',
    );
    expect(smoke.map((r) => r.key)).toContain(
      'dev.keel.jmh.CollectionsBenchmark.sortCopy [thrpt] {size=100}',
    );
  });

  it('appends the forks of a key that appears twice', () => {
    const json = fixture('openjdk17-debian.json') as unknown[];
    const results = parseJmhResults([...json, ...json]);
    expect(results).toHaveLength(3);
    expect(results[0].primary.forks).toHaveLength(6);
  });

  it('names the field and the benchmark on bad input', () => {
    const json = fixture('openjdk17-debian.json') as Record<string, unknown>[];
    const broken = json.map((entry, i) =>
      i === 1
        ? { ...entry, primaryMetric: { ...(entry.primaryMetric as object), scoreUnit: undefined } }
        : entry,
    );
    expect(() => parseJmhResults(broken, 'temurin.json')).toThrow(InvalidJmhResult);
    expect(() => parseJmhResults(broken, 'temurin.json')).toThrow(
      'InvalidJmhResult: temurin.json (dev.keel.jmh.ReflectionBenchmark.reflectiveInvoke): [1].primaryMetric.scoreUnit: Required',
    );
  });

  it('rejects a non-array, an unknown mode and a metric without per-fork data', () => {
    expect(() => parseJmhResults({})).toThrow(/\(root\): Expected array/);
    expect(() =>
      parseJmhResults([
        { benchmark: 'a.B.c', mode: 'all', primaryMetric: { score: 1, scoreUnit: 'ns/op', rawData: [] } },
      ]),
    ).toThrow(/\[0\]\.mode/);
    expect(() =>
      parseJmhResults([
        { benchmark: 'a.B.c', mode: 'avgt', primaryMetric: { score: 1, scoreUnit: 'ns/op' } },
      ]),
    ).toThrow(/\[0\]\.primaryMetric: needs rawData or rawDataHistogram/);
  });
});
