import { Prng } from '@keel/service-runtime';
import { ZipfSampler } from './zipf-sampler';

describe('ZipfSampler', () => {
  it('favours low ranks heavily and stays in range', () => {
    const zipf = new ZipfSampler(1000);
    const prng = new Prng(11);
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const rank = zipf.draw(prng);
      expect(rank).toBeGreaterThanOrEqual(1);
      expect(rank).toBeLessThanOrEqual(1000);
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    expect(counts.get(1) ?? 0).toBeGreaterThan(10 * (counts.get(100) ?? 0));
  });
});
