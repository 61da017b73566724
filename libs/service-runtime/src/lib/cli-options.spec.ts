import { UsageError, positiveIntOption } from './cli-options';

describe('positiveIntOption', () => {
  it('takes the fallback when the option is not given, else the number', () => {
    expect(positiveIntOption('limit', undefined, 20)).toBe(20);
    expect(positiveIntOption('limit', '7', 20)).toBe(7);
  });

  it('refuses anything but a positive integer with a UsageError naming the option and the value', () => {
    for (const value of ['0', '-1', '1.5', 'x', ''])
      expect(() => positiveIntOption('limit', value, 20)).toThrow(
        new UsageError(`--limit must be a positive integer, got "${value}"`),
      );
    expect(() => positiveIntOption('keep', undefined)).toThrow('--keep is required');
  });
});
