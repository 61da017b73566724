import { Client } from '@elastic/elasticsearch';

export function createElasticsearchClient(url: string, options: { requestTimeoutMs?: number } = {}): Client {
  return new Client({ node: url, requestTimeout: options.requestTimeoutMs ?? 30_000 });
}

/**
 * Readiness probe. Uses `_cluster/health`, not `GET /`: the minimal 8.x distribution the local stack
 * runs answers 405 to `GET /`.
 */
export function elasticsearchProbe(client: Client) {
  return async () => {
    const health = await client.cluster.health({ timeout: '2s' });
    if (health.status === 'red') throw new Error(`cluster ${health.cluster_name} is red`);
    return { cluster: health.cluster_name, health: health.status };
  };
}
