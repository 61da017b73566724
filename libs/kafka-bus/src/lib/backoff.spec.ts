import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const options = { baseMs: 100, maxMs: 5_000 };

  it('doubles per attempt between half and all of the ceiling', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, options, () => 0))).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map((a) => backoffDelayMs(a, options, () => 1))).toEqual([100, 200, 400, 800]);
  });

  it('is capped at maxMs, also for huge attempt numbers', () => {
    expect(backoffDelayMs(10, options, () => 1)).toBe(5_000);
    expect(backoffDelayMs(10_000, options, () => 0.5)).toBe(3_750);
  });

  it('refuses attempt numbers below 1', () => {
    expect(() => backoffDelayMs(0, options)).toThrow(/attempt must be >= 1/);
  });
});
