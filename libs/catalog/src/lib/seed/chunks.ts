/** Splits rows into consecutive chunks of at most `size` (the last may be shorter). */
export function chunk<T>(rows: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/**
 * Rows per multi-row INSERT: as many as fit under the driver's parameter ceiling (65535 for
 * PostgreSQL's protocol; MySQL's packet size is the other limit) but no more than `target`.
 */
export function rowsPerStatement(columns: number, target = 4000, maxParameters = 65_535): number {
  if (columns < 1) throw new RangeError('a row needs at least one column');
  return Math.max(1, Math.min(target, Math.floor(maxParameters / columns)));
}
