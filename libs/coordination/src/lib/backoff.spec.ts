import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const policy = { baseMs: 500, maxMs: 8_000 };

  it('doubles from the base and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
  });

  it('never overflows for absurd attempt numbers', () => {
    expect(backoffDelayMs(5_000, policy)).toBe(8_000);
  });

  it('takes at most the jitter fraction off', () => {
    expect(backoffDelayMs(2, policy, 0.5, () => 0)).toBe(2_000);
    expect(backoffDelayMs(2, policy, 0.5, () => 1)).toBe(1_000);
    expect(backoffDelayMs(2, policy, 0.5, () => 0.5)).toBe(1_500);
  });

  it('refuses negative attempts and inverted bounds', () => {
    expect(() => backoffDelayMs(-1, policy)).toThrow(/non-negative integer/);
    expect(() => backoffDelayMs(0, { baseMs: 10, maxMs: 5 })).toThrow(/baseMs <= maxMs/);
  });
});
