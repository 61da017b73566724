/**
 * Pure pacing of a repair cycle: the cycle's ranges are spread over the configured cycle time, and
 * never faster than the products-per-second cap, so the repairer's load on the shop DB and
 * Elasticsearch stays bounded however large the catalogue.
 */
export interface RepairPace {
  cycleMs: number;
  maxProductsPerS: number;
}

/** How long to wait before the next range, given how far the cycle is and how long it has run. */
export function delayBeforeNextRange(
  pace: RepairPace,
  rangesTotal: number,
  rangesDone: number,
  elapsedMs: number,
  rangeSize: number,
  lastRangeMs: number,
): number {
  const onSchedule = rangesTotal > 0 ? (pace.cycleMs * rangesDone) / rangesTotal - elapsedMs : 0;
  const capped = (rangeSize / pace.maxProductsPerS) * 1000 - lastRangeMs;
  return Math.max(0, Math.round(Math.max(onSchedule, capped)));
}

export function rangesIn(minId: number, maxId: number, rangeSize: number): number {
  return maxId < minId ? 0 : Math.ceil((maxId - minId + 1) / rangeSize);
}
