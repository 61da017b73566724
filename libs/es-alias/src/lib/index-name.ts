/** What an alias name may hold (Keel's aliases and the `<alias>-<stamp>` indices behind them). */
export const ALIAS_NAME_RULE = 'lowercase letters, digits, "-" and "_"';

/** True for a valid alias name: the check of `indexNameFor` and of every app's alias settings. */
export function isAliasName(name: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*$/.test(name);
}

/** `<alias>-<UTC stamp to the millisecond>`, e.g. `products-20261125t120304567`; sorts by creation time. */
export function indexNameFor(alias: string, at: Date): string {
  if (!isAliasName(alias)) {
    throw new Error(`invalid alias "${alias}": ${ALIAS_NAME_RULE} only`);
  }
  const stamp = at.toISOString().replace(/[-:.]/g, '').replace('Z', '').toLowerCase();
  return `${alias}-${stamp}`;
}

/** The stamp part of an index made by `indexNameFor`, or undefined for any other index. */
export function stampOf(alias: string, index: string): string | undefined {
  const match = new RegExp(`^${alias}-(\\d{8}t\\d{9})$`).exec(index);
  return match?.[1];
}
