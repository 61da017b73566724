import { UnknownScoreUnit, directionOf, unitConversionFactor } from './score-unit';

describe('directionOf', () => {
  it.each(['ops/ms', 'ops/s', 'ops/us', 'ops/ns', 'ops/min'])('%s is higher-is-better', (unit) => {
    expect(directionOf(unit)).toBe('higher-is-better');
  });

  it.each(['us/op', 'ns/op', 'ms/op', 's/op', 'µs/op'])('%s is lower-is-better', (unit) => {
    expect(directionOf(unit)).toBe('lower-is-better');
  });

  it('falls back to the mode: sample and single-shot are time per op', () => {
    expect(directionOf('weird', 'sample')).toBe('lower-is-better');
    expect(directionOf('weird', 'ss')).toBe('lower-is-better');
    expect(directionOf('weird', 'thrpt')).toBe('higher-is-better');
  });

  it('throws a typed error for a unit it cannot read without a mode', () => {
    expect(() => directionOf('MB/sec')).toThrow(UnknownScoreUnit);
  });
});

describe('unitConversionFactor', () => {
  it('converts throughput and time units the right way round', () => {
    expect(unitConversionFactor('ops/s', 'ops/ms')).toBeCloseTo(1e-3, 15);
    expect(unitConversionFactor('ops/ms', 'ops/s')).toBeCloseTo(1e3, 9);
    expect(unitConversionFactor('us/op', 'ns/op')).toBeCloseTo(1e3, 9);
    expect(unitConversionFactor('ns/op', 'ns/op')).toBe(1);
  });

  it('refuses to mix throughput and time', () => {
    expect(unitConversionFactor('ops/s', 'ns/op')).toBeUndefined();
    expect(unitConversionFactor('B/op', 'ns/op')).toBeUndefined();
  });
});
