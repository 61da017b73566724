import type { JmhResult } from '@keel/jmh-analysis';
import { mergeForkResults, uniqueFailures } from './merge-results';

const result = (key: string, forks: number[][], alloc?: number[][]): JmhResult => ({
  key,
  benchmark: key.split(' ')[0],
  mode: 'avgt',
  params: {},
  primary: { unit: 'ns/op', score: 1, forks },
  secondary: alloc ? { 'gc.alloc.rate.norm': { unit: 'B/op', score: 1, forks: alloc } } : {},
});

describe('mergeForkResults', () => {
  it('appends the forks of one-fork invocations per key, primary and secondary', () => {
    const merged = mergeForkResults([
      [result('a.B.c [avgt]', [[1, 2]], [[10]]), result('a.B.d [avgt]', [[5]])],
      [result('a.B.c [avgt]', [[3, Number.NaN]], [[11]])],
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0].primary.forks).toEqual([
      [1, 2],
      [3, Number.NaN],
    ]);
    expect(merged[0].secondary['gc.alloc.rate.norm'].forks).toEqual([[10], [11]]);
    expect(merged[1].primary.forks).toEqual([[5]]);
  });

  it('counts the same failure once', () => {
    const f = { benchmark: 'a.B.c', kind: 'crashed' as const, reason: 'forked VM failed with exit code 1' };
    expect(uniqueFailures([f, { ...f }, { ...f, kind: 'hung' as const }])).toHaveLength(2);
  });
});
