import { FreshnessRecord, nearestRank } from './freshness-record';

describe('FreshnessRecord', () => {
  it('gives p50 and p99 by nearest rank over the last hour only', () => {
    const record = new FreshnessRecord(3_600_000);
    const now = 10_000_000;
    record.add({ committedAtMs: now - 3_700_000, seconds: 99 }); // older than an hour
    for (let i = 1; i <= 100; i++) record.add({ committedAtMs: now - 1000 * (100 - i), seconds: i / 10 });
    expect(record.summary(now)).toEqual({
      count: 100,
      p50Seconds: 5,
      p99Seconds: 9.9,
      last: { committedAtMs: now, seconds: 10 },
    });
  });

  it('keeps at most maxSamples, dropping the oldest', () => {
    const record = new FreshnessRecord(3_600_000, 3);
    for (let i = 1; i <= 5; i++) record.add({ committedAtMs: i, seconds: i });
    expect(record.summary(10)).toMatchObject({ count: 3, p50Seconds: 4, last: { seconds: 5 } });
  });

  it('has no quantiles before the first canary', () => {
    expect(new FreshnessRecord().summary()).toEqual({
      count: 0,
      p50Seconds: null,
      p99Seconds: null,
      last: null,
    });
    expect(nearestRank([0.2], 0.99)).toBe(0.2);
    expect(nearestRank([1, 2], 0)).toBe(1);
  });
});
