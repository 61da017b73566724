import { baseConfigSchema, hostPortList, loadConfig, port, urlWithProtocol } from '@keel/service-runtime';
import type { z } from 'zod';

export const indexerBatchConfigSchema = baseConfigSchema.extend({
  ZOOKEEPER_CONNECT: hostPortList.default('127.0.0.1:2181'),
  PORT: port(3002),
  PLATFORM_DB_URL: urlWithProtocol('postgres', 'postgresql').default(
    'postgres://postgres@127.0.0.1:5432/keel',
  ),
  SHOP_DB_URL: urlWithProtocol('mysql', 'mariadb', 'postgres', 'postgresql').default(
    'mysql://root@127.0.0.1:3306/keel_shop',
  ),
  ELASTICSEARCH_URL: urlWithProtocol('http', 'https').default('http://127.0.0.1:9200'),
});

export type IndexerBatchConfig = z.infer<typeof indexerBatchConfigSchema>;

export const loadIndexerBatchConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('indexer-batch', indexerBatchConfigSchema, env);
