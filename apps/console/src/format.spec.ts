import { stackTrends, sumBy, weekLabel } from './format';

describe('console series', () => {
  it('stacks trend points per key over the weeks, zero where a key is absent, largest first', () => {
    const series = stackTrends(
      ['2026-11-09', '2026-11-16', '2026-11-23'],
      [
        { weekStart: '2026-11-09', key: 'oracle', installations: 5 },
        { weekStart: '2026-11-16', key: 'oracle', installations: 3 },
        { weekStart: '2026-11-16', key: 'temurin', installations: 4 },
        { weekStart: '2026-11-23', key: 'temurin', installations: 9 },
        { weekStart: '2026-10-01', key: 'temurin', installations: 100 },
      ],
    );
    expect(series).toEqual([
      { label: 'temurin', data: [0, 4, 9] },
      { label: 'oracle', data: [5, 3, 0] },
    ]);
  });

  it('sums per key and labels weeks', () => {
    expect(
      sumBy(
        [
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
          { k: 'a', v: 3 },
        ],
        (r) => r.k,
        (r) => r.v,
      ),
    ).toEqual({
      labels: ['a', 'b'],
      data: [4, 2],
    });
    expect(weekLabel('2026-11-23')).toBe('23 Nov');
  });
});
