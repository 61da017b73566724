import { baseConfigSchema, hostPortList, loadConfig, port, urlWithProtocol } from '@keel/service-runtime';
import type { z } from 'zod';

export const indexerStreamConfigSchema = baseConfigSchema.extend({
  ZOOKEEPER_CONNECT: hostPortList.default('127.0.0.1:2181'),
  PORT: port(3001),
  SHOP_DB_URL: urlWithProtocol('mysql', 'mariadb', 'postgres', 'postgresql').default(
    'mysql://root@127.0.0.1:3306/keel_shop',
  ),
  ELASTICSEARCH_URL: urlWithProtocol('http', 'https').default('http://127.0.0.1:9200'),
  KAFKA_BROKERS: hostPortList.default('127.0.0.1:19092'),
});

export type IndexerStreamConfig = z.infer<typeof indexerStreamConfigSchema>;

export const loadIndexerStreamConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('indexer-stream', indexerStreamConfigSchema, env);
