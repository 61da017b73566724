/** `<alias>-<UTC stamp to the millisecond>`, e.g. `products-20261125t120304567`; sorts by creation time. */
export function indexNameFor(alias: string, at: Date): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(alias)) {
    throw new Error(`invalid alias "${alias}": lowercase letters, digits, "-" and "_" only`);
  }
  const stamp = at.toISOString().replace(/[-:.]/g, '').replace('Z', '').toLowerCase();
  return `${alias}-${stamp}`;
}

/** The stamp part of an index made by `indexNameFor`, or undefined for any other index. */
export function stampOf(alias: string, index: string): string | undefined {
  const match = new RegExp(`^${alias}-(\\d{8}t\\d{9})$`).exec(index);
  return match?.[1];
}
