import { commitOffsetFor, offsetAfter, partitionLag, roundSizeFor, rounds } from './batch-offsets';

describe('offsets to commit', () => {
  it('commits the offset after the highest handled one', () => {
    expect(commitOffsetFor(['5', '6', '7'])).toBe('8');
    expect(commitOffsetFor(['7', '5'])).toBe('8');
    expect(commitOffsetFor([])).toBeUndefined();
  });

  it('keeps 64-bit offsets exact', () => {
    expect(offsetAfter('9223372036854775806')).toBe('9223372036854775807');
    expect(commitOffsetFor(['9007199254740993'])).toBe('9007199254740994');
  });

  it('cuts a batch into ordered rounds', () => {
    expect(rounds([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(rounds([], 3)).toEqual([]);
    expect(() => rounds([1], 0)).toThrow(/round size/);
  });

  it('computes lag from the high watermark and never below zero', () => {
    expect(partitionLag('100', '90')).toBe(10);
    expect(partitionLag('100', '100')).toBe(0);
    expect(partitionLag('100', '101')).toBe(0);
  });

  it('sizes rounds by lag: the base size while keeping up, what is there up to the maximum when behind', () => {
    expect(roundSizeFor(0, 500, 5000)).toBe(500);
    expect(roundSizeFor(120, 500, 5000)).toBe(500);
    expect(roundSizeFor(2300, 500, 5000)).toBe(2300);
    expect(roundSizeFor(80_000, 500, 5000)).toBe(5000);
    // a maximum below the base (sizing by lag off) keeps the base
    expect(roundSizeFor(80_000, 500, 500)).toBe(500);
    expect(() => roundSizeFor(10, 0, 10)).toThrow(/round size/);
  });
});
