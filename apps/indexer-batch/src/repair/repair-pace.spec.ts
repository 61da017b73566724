import { delayBeforeNextRange, rangesIn } from './repair-pace';

describe('repair pacing', () => {
  const pace = { cycleMs: 60_000, maxProductsPerS: 10_000 };

  it('spreads the ranges over the cycle time', () => {
    // 60 ranges in 60 s: after 10 ranges in 4 s, wait until 10 s
    expect(delayBeforeNextRange(pace, 60, 10, 4_000, 100, 50)).toBe(6_000);
    // behind schedule: no wait beyond the rate cap (100 ids at 10k/s = 10 ms, the range took 50)
    expect(delayBeforeNextRange(pace, 60, 10, 20_000, 100, 50)).toBe(0);
  });

  it('never goes faster than the products-per-second cap', () => {
    // a 1000-id range at 10k/s takes at least 100 ms
    expect(delayBeforeNextRange({ cycleMs: 0, maxProductsPerS: 10_000 }, 5, 1, 0, 1_000, 30)).toBe(70);
  });

  it('counts the ranges of an id space', () => {
    expect(rangesIn(1, 1000, 1000)).toBe(1);
    expect(rangesIn(1, 1001, 1000)).toBe(2);
    expect(rangesIn(5, 4, 1000)).toBe(0);
  });
});
