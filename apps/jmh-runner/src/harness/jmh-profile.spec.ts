import { parseJmhLogFailures, parseJmhResults } from '@keel/jmh-analysis';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_INCLUDE,
  DEFAULT_PROFILES,
  exactBenchmarkRegex,
  expectedBenchmarkMs,
  jmhArgs,
  jmhTimeMs,
  parseBenchmarkList,
  watchdogMs,
} from './jmh-profile';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

describe('jmh-profile', () => {
  it('reads a real `-lp` listing with param combinations', () => {
    const listed = parseBenchmarkList(fixture('list-lp.txt'));
    expect(listed).toHaveLength(8);
    expect(listed[0]).toEqual({ name: 'dev.keel.jmh.CollectionsBenchmark.hashMapLookup', paramSets: 2 });
    expect(listed.find((b) => b.name.endsWith('StringBenchmark.concat'))).toEqual({
      name: 'dev.keel.jmh.StringBenchmark.concat',
      paramSets: 1,
    });
    expect(parseBenchmarkList('Benchmarks: \n')).toEqual([]);
    expect(parseBenchmarkList('Benchmarks:\nx.A.b\n  param "a" = {1, 2}\n  param "b" = {x, y, z}\n')).toEqual(
      [{ name: 'x.A.b', paramSets: 6 }],
    );
  });

  it('builds a JMH command line that runs the forks on the build under test', () => {
    const args = jmhArgs(DEFAULT_PROFILES['quick'], {
      jar: '/j/benchmarks.jar',
      forkJava: '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java',
      benchmark: 'dev.keel.jmh.StringBenchmark.concat',
      resultFile: '/r/x.json',
    });
    expect(args.slice(0, 3)).toEqual([
      '-jar',
      '/j/benchmarks.jar',
      '^dev\\.keel\\.jmh\\.StringBenchmark\\.concat$',
    ]);
    const value = (flag: string) => args[args.indexOf(flag) + 1];
    expect(value('-jvm')).toBe('/usr/lib/jvm/temurin-25-jdk-amd64/bin/java');
    expect(value('-f')).toBe('3');
    expect(value('-wi')).toBe('1');
    expect(value('-i')).toBe('2');
    expect(value('-rf')).toBe('json');
    expect(value('-rff')).toBe('/r/x.json');
    expect(args).not.toContain('-jvmArgsAppend');
  });

  it('matches exactly one benchmark, not its prefix-siblings', () => {
    const re = new RegExp(exactBenchmarkRegex('a.B.concat'));
    expect(re.test('a.B.concat')).toBe(true);
    expect(re.test('a.B.concatAll')).toBe(false);
    expect(re.test('aXB.concat')).toBe(false);
  });

  it('excludes the faulty test package from the default suite', () => {
    const re = new RegExp(DEFAULT_INCLUDE);
    expect(re.test('dev.keel.jmh.StringBenchmark.concat')).toBe(true);
    expect(re.test('dev.keel.jmh.faulty.SpinBenchmark.spinForever')).toBe(false);
  });

  it('gives the watchdog a deadline that grows with forks and params', () => {
    expect(jmhTimeMs('250ms')).toBe(250);
    expect(jmhTimeMs('2s')).toBe(2000);
    expect(() => jmhTimeMs('2 s')).toThrow('not a JMH time');
    const quick = DEFAULT_PROFILES['quick'];
    // 3 forks x (1 x 250 + 2 x 250 + 2500 overhead)
    expect(expectedBenchmarkMs(quick, 1)).toBe(3 * 3250);
    expect(expectedBenchmarkMs(quick, 2)).toBe(2 * 3 * 3250);
    expect(watchdogMs(quick, 1)).toBe(60_000);
    expect(watchdogMs(DEFAULT_PROFILES['full'], 2)).toBe(3 * 2 * 8 * (3000 + 5000 + 2500));
  });

  it('real outputs of the faulty jar: a score with params, and a fork that called System.exit(1)', () => {
    const results = parseJmhResults(JSON.parse(fixture('healthy-sum.openjdk17.json')));
    expect(results).toHaveLength(1);
    expect(results[0].params).toEqual({ size: '64' });
    expect(results[0].primary.forks).toHaveLength(3);
    expect(parseJmhLogFailures(fixture('exit-benchmark.openjdk17.log'))).toEqual([
      expect.objectContaining({
        benchmark: 'dev.keel.jmh.faulty.ExitBenchmark.exitWithStatus1',
        kind: 'crashed',
        reason: 'forked VM failed with exit code 1',
      }),
    ]);
  });
});
