import type { Client, estypes } from '@elastic/elasticsearch';
import { type AliasPair, indicesOfAlias, swapAliases } from './alias-swap';
import { indexNameFor, stampOf } from './index-name';

/** An index's settings and mappings, as code: what `createIndexForBulk` creates an index with. */
export interface IndexDefinition {
  settings: estypes.IndicesIndexSettings;
  mappings: estypes.MappingTypeMapping;
}

export interface ServingSettings {
  replicas: number;
  refreshInterval: string;
}

export const DEFAULT_SERVING: ServingSettings = { replicas: 0, refreshInterval: '1s' };

/**
 * Creates `<alias>-<stamp>` for a bulk load: no refresh and no replicas while it fills, which is
 * several times faster; `restoreServingSettings` puts them back before the swap.
 */
export async function createIndexForBulk(
  client: Client,
  alias: string,
  definition: IndexDefinition,
  at: Date = new Date(),
): Promise<string> {
  const index = indexNameFor(alias, at);
  await client.indices.create({
    index,
    settings: { ...definition.settings, number_of_replicas: 0, refresh_interval: '-1' },
    mappings: definition.mappings,
  });
  return index;
}

export async function restoreServingSettings(
  client: Client,
  index: string,
  serving: ServingSettings = DEFAULT_SERVING,
): Promise<void> {
  await client.indices.putSettings({
    index,
    settings: { number_of_replicas: serving.replicas, refresh_interval: serving.refreshInterval },
  });
  await client.indices.refresh({ index });
}

/** Every `<alias>-<stamp>` index, oldest first. */
export async function indicesOfFamily(client: Client, alias: string): Promise<string[]> {
  const response = await client.indices.get({
    index: `${alias}-*`,
    allow_no_indices: true,
    expand_wildcards: 'open',
  });
  return Object.keys(response)
    .filter((index) => stampOf(alias, index) !== undefined)
    .sort();
}

export class NothingToRollBackTo extends Error {
  constructor(alias: string, current: string[]) {
    super(`alias "${alias}" (now on ${current.join(', ') || 'nothing'}) has no older index to roll back to`);
    this.name = 'NothingToRollBackTo';
  }
}

/**
 * Points both aliases at the newest index older than the one the read alias is on now (the index the
 * last swap kept for this). Returns the index rolled back to.
 */
export async function rollbackAliases(client: Client, aliases: AliasPair): Promise<string> {
  const current = await indicesOfAlias(client, aliases.readAlias);
  const family = await indicesOfFamily(client, aliases.readAlias);
  const oldestCurrent = current.sort()[0];
  const previous = family.filter((index) => oldestCurrent === undefined || index < oldestCurrent).pop();
  if (!previous) throw new NothingToRollBackTo(aliases.readAlias, current);
  await swapAliases(client, aliases, previous);
  return previous;
}

/**
 * Deletes the oldest indices of the family, keeping the newest `keep` and never one an alias is on.
 * Returns what it deleted.
 */
export async function pruneIndices(client: Client, aliases: AliasPair, keep: number): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be at least 1, got ${keep}`);
  const inUse = new Set([
    ...(await indicesOfAlias(client, aliases.readAlias)),
    ...(await indicesOfAlias(client, aliases.writeAlias)),
  ]);
  const family = await indicesOfFamily(client, aliases.readAlias);
  const doomed = family.slice(0, Math.max(0, family.length - keep)).filter((index) => !inUse.has(index));
  if (doomed.length > 0) await client.indices.delete({ index: doomed.join(',') });
  return doomed;
}

export interface IndexState {
  index: string;
  docs: number;
  aliases: string[];
  health: string;
}

/** Every index of the family with its document count and aliases, newest first. */
export async function aliasState(client: Client, aliases: AliasPair): Promise<IndexState[]> {
  const family = await indicesOfFamily(client, aliases.readAlias);
  if (family.length === 0) return [];
  const [stats, aliasMap] = await Promise.all([
    client.cat.indices({ index: family.join(','), format: 'json', h: 'index,docs.count,health' }),
    client.indices.getAlias({ index: family.join(',') }),
  ]);
  return family
    .map((index) => {
      const row = stats.find((s) => s.index === index);
      return {
        index,
        docs: Number(row?.['docs.count'] ?? 0),
        health: String(row?.health ?? 'unknown'),
        aliases: Object.keys(aliasMap[index]?.aliases ?? {}).sort(),
      };
    })
    .reverse();
}
