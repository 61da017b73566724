import type { Client } from '@elastic/elasticsearch';

export interface AliasPair {
  /** What searches read, e.g. `products`. */
  readAlias: string;
  /** What indexers write, e.g. `products-write`. */
  writeAlias: string;
}

/** The write alias of a read alias: `products` → `products-write`. The one place the name is built. */
export const writeAliasOf = (readAlias: string): string => `${readAlias}-write`;

/** The read alias and its write alias. */
export const aliasPairOf = (readAlias: string): AliasPair => ({
  readAlias,
  writeAlias: writeAliasOf(readAlias),
});

/** The indices an alias points at now (empty when the alias does not exist). */
export async function indicesOfAlias(client: Client, alias: string): Promise<string[]> {
  const exists = await client.indices.existsAlias({ name: alias });
  if (!exists) return [];
  const response = await client.indices.getAlias({ name: alias });
  return Object.keys(response).sort();
}

/**
 * Points both aliases at `toIndex` in one `_aliases` call, so readers see the old index or the new
 * one, never neither. Returns the indices the read alias pointed at before (kept for rollback).
 */
export async function swapAliases(client: Client, aliases: AliasPair, toIndex: string): Promise<string[]> {
  const previousRead = await indicesOfAlias(client, aliases.readAlias);
  const previousWrite = await indicesOfAlias(client, aliases.writeAlias);
  const actions = [
    ...previousRead
      .filter((index) => index !== toIndex)
      .map((index) => ({ remove: { index, alias: aliases.readAlias } })),
    ...previousWrite
      .filter((index) => index !== toIndex)
      .map((index) => ({ remove: { index, alias: aliases.writeAlias } })),
    { add: { index: toIndex, alias: aliases.readAlias } },
    { add: { index: toIndex, alias: aliases.writeAlias, is_write_index: true } },
  ];
  await client.indices.updateAliases({ actions });
  return previousRead.filter((index) => index !== toIndex);
}
