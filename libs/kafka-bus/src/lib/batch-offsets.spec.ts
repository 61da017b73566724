import { commitOffsetFor, offsetAfter, partitionLag, rounds } from './batch-offsets';

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
});
