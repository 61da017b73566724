import type { AliasPair } from '@keel/es-alias';

/**
 * The write alias of a read alias: `products` → `products-write`. Searches read `<alias>`, indexers
 * write `<alias>-write`; a rebuild moves both in one `_aliases` call (`swapAliases`).
 */
export function writeAliasOf(alias: string): string {
  return `${alias}-write`;
}

/** The read alias and its write alias, as `swapAliases`, `rollbackAliases` and `aliasState` take them. */
export function aliasPairOf(alias: string): AliasPair {
  return { readAlias: alias, writeAlias: writeAliasOf(alias) };
}
