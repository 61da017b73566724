import { idsOf, rangesTopDown } from './id-range';

describe('rangesTopDown', () => {
  it('covers [min, max] exactly once, newest ids first', () => {
    expect(rangesTopDown(1, 10, 4)).toEqual([
      { from: 7, to: 10 },
      { from: 3, to: 6 },
      { from: 1, to: 2 },
    ]);
    const covered = rangesTopDown(5, 1003, 100)
      .flatMap(idsOf)
      .sort((a, b) => a - b);
    expect(covered).toEqual(Array.from({ length: 999 }, (_, i) => i + 5));
  });

  it('handles a single id and refuses a bad size', () => {
    expect(rangesTopDown(42, 42, 1000)).toEqual([{ from: 42, to: 42 }]);
    expect(() => rangesTopDown(1, 2, 0)).toThrow(/positive integer/);
  });
});
