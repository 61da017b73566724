/**
 * Offset arithmetic for manual commits. Kafka offsets are 64-bit, so they stay strings and are
 * compared as BigInt. A committed offset is the *next* offset to read: last handled + 1.
 */
export function offsetAfter(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

/** The offset to commit once every message in `offsets` is handled, or undefined for none. */
export function commitOffsetFor(offsets: readonly string[]): string | undefined {
  if (offsets.length === 0) return undefined;
  let max = BigInt(offsets[0] as string);
  for (const offset of offsets) {
    const n = BigInt(offset);
    if (n > max) max = n;
  }
  return (max + 1n).toString();
}

/** Splits a batch into rounds of at most `size` messages, in order: each round is committed on its own. */
export function rounds<T>(messages: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`round size must be >= 1, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < messages.length; i += size) out.push(messages.slice(i, i + size));
  return out;
}

/** Messages still to consume: high watermark (next offset to be written) minus the next offset to read. */
export function partitionLag(highWatermark: string, nextOffset: string): number {
  const lag = BigInt(highWatermark) - BigInt(nextOffset);
  return lag > 0n ? Number(lag) : 0;
}

/**
 * Messages per round for a partition `behind` messages behind its high watermark: `base` while it
 * keeps up; when it is behind, one round takes what is there, up to `max` (fewer, larger rounds
 * catch up sooner: each round is one load, one bulk and one commit whatever its size).
 */
export function roundSizeFor(behind: number, base: number, max: number): number {
  if (!Number.isInteger(base) || base < 1) throw new RangeError(`round size must be >= 1, got ${base}`);
  return Math.max(base, Math.min(behind, max));
}
