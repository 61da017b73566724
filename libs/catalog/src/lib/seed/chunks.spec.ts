import { chunk, rowsPerStatement } from './chunks';

describe('chunk', () => {
  it('keeps every row once, in order, in chunks of at most size', () => {
    const rows = Array.from({ length: 10 }, (_, i) => i);
    const chunks = chunk(rows, 4);
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 2]);
    expect(chunks.flat()).toEqual(rows);
    expect(chunk([], 3)).toEqual([]);
  });

  it('refuses a size below one', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('rowsPerStatement', () => {
  it('stays under the parameter ceiling', () => {
    expect(rowsPerStatement(12)).toBe(4000);
    expect(rowsPerStatement(12, 10_000) * 12).toBeLessThanOrEqual(65_535);
    expect(rowsPerStatement(100_000)).toBe(1);
  });
});
