import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseJmhLogFailures } from './jmh-failure';

describe('parseJmhLogFailures', () => {
  it('finds both benchmarks whose fork JVM died in a real JMH 1.37 log', () => {
    // Real run: -jvmArgs '-XX:+UnlockDiagnosticVMOptions -XX:NoSuchFlag' on OpenJDK 17.
    const log = readFileSync(join(__dirname, '../fixtures/openjdk17-crashed-forks.stdout.txt'), 'utf8');
    expect(parseJmhLogFailures(log)).toEqual([
      {
        benchmark: 'dev.keel.jmh.StringBenchmark.builder',
        mode: 'avgt',
        params: undefined,
        kind: 'crashed',
        reason: 'forked VM failed with exit code 1',
      },
      {
        benchmark: 'dev.keel.jmh.StringBenchmark.concat',
        mode: 'avgt',
        params: undefined,
        kind: 'crashed',
        reason: 'forked VM failed with exit code 1',
      },
    ]);
  });

  it('reads params, benchmark exceptions and timeouts', () => {
    const log = [
      '# Benchmark mode: Throughput, ops/time',
      '# Benchmark: dev.keel.jmh.CollectionsBenchmark.sortCopy',
      '# Parameters: (size = 10000)',
      '# Fork: 1 of 2',
      '# Warmup Iteration   1: <failure>',
      'java.lang.IllegalStateException: boom',
      '# Benchmark mode: Average time, time/op',
      '# Benchmark: dev.keel.jmh.RegexBenchmark.versionMatch',
      'Iteration   1: 1234.5 ns/op (*interrupt*)',
      '# Benchmark: dev.keel.jmh.RegexBenchmark.splitComma',
      'Iteration   1: 12.5 ns/op',
      '# Run complete. Total time: 00:00:10',
    ].join('\n');
    expect(parseJmhLogFailures(log)).toEqual([
      {
        benchmark: 'dev.keel.jmh.CollectionsBenchmark.sortCopy',
        mode: 'thrpt',
        params: { size: '10000' },
        kind: 'crashed',
        reason: 'benchmark threw an exception',
      },
      {
        benchmark: 'dev.keel.jmh.RegexBenchmark.versionMatch',
        mode: 'avgt',
        params: undefined,
        kind: 'hung',
        reason: 'iteration interrupted at the JMH timeout',
      },
    ]);
  });

  it('finds nothing in a clean run', () => {
    expect(parseJmhLogFailures('# Benchmark: a.B.c\nIteration   1: 1.0 ns/op\n')).toEqual([]);
  });
});
