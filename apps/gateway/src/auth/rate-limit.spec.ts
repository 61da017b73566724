import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('lets `limit` requests through per window, then says how long to wait, per key', () => {
    const limiter = new RateLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => limiter.hit('ip:1', t0))).toEqual([0, 0, 0]);
    expect(limiter.hit('ip:1', t0 + 15_000)).toBe(45);
    expect(limiter.hit('ip:2', t0 + 15_000)).toBe(0);
    expect(limiter.hit('ip:1', t0 + 60_000)).toBe(0);
  });

  it('stays bounded in memory when every request has a new key', () => {
    const limiter = new RateLimiter(1, 60_000, 100);
    for (let i = 0; i < 1000; i++) limiter.hit(`ip:${i}`, 0);
    expect(limiter.hit('ip:999', 0)).toBeGreaterThan(0);
  });
});
