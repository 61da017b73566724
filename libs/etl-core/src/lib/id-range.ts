/** An inclusive range of product ids. */
export interface IdRange {
  from: number;
  to: number;
}

/**
 * Splits [min, max] into ranges of `size` ids from the top down: the newest products (highest ids)
 * are rebuilt first, because they are the ones shoppers look at.
 */
export function rangesTopDown(min: number, max: number, size: number): IdRange[] {
  if (!Number.isSafeInteger(size) || size < 1)
    throw new RangeError(`range size must be a positive integer, got ${size}`);
  const ranges: IdRange[] = [];
  for (let to = max; to >= min; to -= size) ranges.push({ from: Math.max(min, to - size + 1), to });
  return ranges;
}

/** The ids of a range, in ascending order. */
export function idsOf(range: IdRange): number[] {
  return Array.from({ length: range.to - range.from + 1 }, (_, i) => range.from + i);
}
