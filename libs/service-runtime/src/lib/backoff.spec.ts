import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const policy = { baseMs: 1_000, maxMs: 8_000 };

  it('counts attempts from 1: base first, doubling, capped at maxMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
    expect(backoffDelayMs(5_000, policy)).toBe(8_000);
    expect(backoffDelayMs(5_000, { baseMs: 0, maxMs: 0 })).toBe(0);
  });

  it('takes at most the jitter fraction off, drawn from random()', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(backoffDelayMs(3, jittered, () => 0)).toBe(4_000);
    expect(backoffDelayMs(3, jittered, () => 0.5)).toBe(3_000);
    expect(backoffDelayMs(3, jittered, () => 0.999_999)).toBe(2_000);
    expect(backoffDelayMs(2, { ...policy, jitter: 1 }, () => 0.75)).toBe(500);
    expect(backoffDelayMs(2, { ...policy, jitter: 0 }, () => 0.75)).toBe(2_000);
  });

  it('refuses an attempt below 1, a base above the cap and a jitter outside [0, 1]', () => {
    expect(() => backoffDelayMs(0, policy)).toThrow(/counted from 1 \(got 0\)/);
    expect(() => backoffDelayMs(1.5, policy)).toThrow(/counted from 1/);
    expect(() => backoffDelayMs(1, { baseMs: 10, maxMs: 5 })).toThrow(/baseMs <= maxMs/);
    expect(() => backoffDelayMs(1, { ...policy, jitter: 1.5 })).toThrow(
      /jitter must be in \[0, 1\] \(got 1.5\)/,
    );
  });
});
