import type { RecoveryProgress } from '../recovery/recovery-run';

const WIDTH = 30;

function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line: `[#######-------]  12/40 ranges  5,230 docs/s  ETA 1m20s` (pure). */
export function progressLine(p: RecoveryProgress): string {
  const { rangesDone, rangesTotal } = p.run;
  const filled = rangesTotal === 0 ? WIDTH : Math.round((rangesDone / rangesTotal) * WIDTH);
  const bar = '#'.repeat(filled) + '-'.repeat(WIDTH - filled);
  const rate = Math.round(p.docsPerSecond).toLocaleString('en-US');
  return `[${bar}] ${rangesDone}/${rangesTotal} ranges  ${rate} docs/s  ETA ${duration(p.etaSeconds)}`;
}

/** Redraws in place on a terminal; elsewhere (CI, pipes) prints a line every few seconds. */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr, everyMs = 5_000) {
  let last = 0;
  return (p: RecoveryProgress) => {
    if (stream.isTTY) {
      stream.write(`\r${progressLine(p)}`);
      return;
    }
    const now = Date.now();
    if (now - last >= everyMs || p.run.rangesDone === p.run.rangesTotal) {
      last = now;
      stream.write(`${progressLine(p)}\n`);
    }
  };
}
