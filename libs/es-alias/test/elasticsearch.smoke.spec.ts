import {
  createElasticsearchClient,
  elasticsearchProbe,
  indexNameFor,
  indicesOfAlias,
  swapAliases,
} from '../src';

const pairOf = (alias: string) => ({ readAlias: alias, writeAlias: `${alias}-write` });
import { stackEnv, uniqueName } from '@keel/test-harness';
import type { Client } from '@elastic/elasticsearch';

// Smoke: the real node indexes, searches, and swaps aliases atomically.
describe('Elasticsearch (real node)', () => {
  let client: Client;
  const alias = uniqueName('smoke');
  const aliases = pairOf(alias);
  const created: string[] = [];

  beforeAll(() => {
    client = createElasticsearchClient(stackEnv().elasticsearchUrl);
  });

  afterAll(async () => {
    for (const index of created) await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  async function indexWith(at: string, names: string[]): Promise<string> {
    const index = indexNameFor(alias, new Date(at));
    created.push(index);
    await client.indices.create({ index, settings: { number_of_shards: 1, number_of_replicas: 0 } });
    await client.bulk({
      refresh: true,
      operations: names.flatMap((name, i) => [{ index: { _index: index, _id: String(i + 1) } }, { name }]),
    });
    return index;
  }

  it('answers health, indexes and searches through an alias, and swaps the alias in one call', async () => {
    await expect(elasticsearchProbe(client)()).resolves.toHaveProperty('health');
    const first = await indexWith('2026-01-01T00:00:00Z', ['삼성 노트북', 'LG 모니터']);
    expect(await swapAliases(client, aliases, first)).toEqual([]);

    const hits = await client.search({ index: alias, query: { match: { name: '노트북' } } });
    expect(hits.hits.hits.map((h) => h._id)).toEqual(['1']);

    const second = await indexWith('2026-02-01T00:00:00Z', ['애플 노트북', '삼성 노트북', 'Nike shoes']);
    expect(await swapAliases(client, aliases, second)).toEqual([first]);
    expect(await indicesOfAlias(client, alias)).toEqual([second]);
    expect(await indicesOfAlias(client, aliases.writeAlias)).toEqual([second]);
    expect((await client.count({ index: alias })).count).toBe(3);
  });
});
