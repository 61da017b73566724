/** What the demo writer changes, and how often (weights; the sum need not be 100). */
export type SimulatedChangeKind =
  'option-price' | 'option-stock' | 'rename' | 'status-toggle' | 'hard-delete';

export const defaultChangeMix: readonly (readonly [SimulatedChangeKind, number])[] = [
  ['option-price', 30],
  ['option-stock', 30],
  ['rename', 20],
  ['status-toggle', 18],
  ['hard-delete', 2],
];

/** The kind of change for a uniform draw `u` in [0, 1). */
export function pickChange(
  u: number,
  mix: readonly (readonly [SimulatedChangeKind, number])[] = defaultChangeMix,
): SimulatedChangeKind {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  let threshold = u * total;
  for (const [kind, weight] of mix) {
    if (threshold < weight) return kind;
    threshold -= weight;
  }
  const last = mix[mix.length - 1];
  if (!last) throw new RangeError('the change mix is empty');
  return last[0];
}

/** How many changes a steady `ratePerS` owes at `elapsedMs` beyond the `done` ones (never negative). */
export function changesDue(elapsedMs: number, ratePerS: number, done: number): number {
  return Math.max(0, Math.floor((elapsedMs * ratePerS) / 1000) - done);
}

/** A different price, within ±20 %, in cents, never below 1.00. */
export function nextPrice(price: number, u: number): number {
  const next = Math.max(1, Math.round(price * (0.8 + 0.4 * u) * 100) / 100);
  return next === price ? Math.round((price + 0.01) * 100) / 100 : next;
}

/** A different stock level in 0..999. */
export function nextStock(stock: number, u: number): number {
  const next = Math.floor(u * 1000);
  return next === stock ? (stock + 1) % 1000 : next;
}
