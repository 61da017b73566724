import type { RecoveryRun } from '../recovery/recovery-run';
import { progressLine } from './progress-bar';

describe('progressLine', () => {
  it('shows ranges, rate and ETA', () => {
    const run = { rangesDone: 12, rangesTotal: 40 } as RecoveryRun;
    expect(progressLine({ run, docsPerSecond: 5230.4, etaSeconds: 80 })).toBe(
      `[${'#'.repeat(9)}${'-'.repeat(21)}] 12/40 ranges  5,230 docs/s  ETA 1m20s`,
    );
  });

  it('copes with an empty catalogue and an unknown ETA', () => {
    const run = { rangesDone: 0, rangesTotal: 0 } as RecoveryRun;
    expect(progressLine({ run, docsPerSecond: 0, etaSeconds: null })).toContain(
      '0/0 ranges  0 docs/s  ETA --',
    );
  });
});
