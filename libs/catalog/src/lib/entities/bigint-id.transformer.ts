import type { ValueTransformer } from 'typeorm';

/**
 * BIGINT ids arrive as strings from pg (and from mysql2 above 2^53). Catalogue ids stay below
 * 2^53, so a number is exact; a larger one is refused rather than silently rounded.
 */
export const bigintId: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : toSafeId(value)),
};

export function toSafeId(value: string | number | bigint): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id)) throw new RangeError(`id ${String(value)} is not a safe integer`);
  return id;
}

/** DECIMAL comes back as a string from both drivers; prices fit a double exactly to the cent. */
export const decimalNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
