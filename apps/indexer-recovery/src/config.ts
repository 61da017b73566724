import { baseConfigSchema, loadConfig, port, urlWithProtocol } from '@keel/service-runtime';
import type { z } from 'zod';

export const indexerRecoveryConfigSchema = baseConfigSchema.extend({
  PORT: port(3003),
  PLATFORM_DB_URL: urlWithProtocol('postgres', 'postgresql').default(
    'postgres://postgres@127.0.0.1:5432/keel',
  ),
  SHOP_DB_URL: urlWithProtocol('mysql', 'mariadb', 'postgres', 'postgresql').default(
    'mysql://root@127.0.0.1:3306/keel_shop',
  ),
  ELASTICSEARCH_URL: urlWithProtocol('http', 'https').default('http://127.0.0.1:9200'),
});

export type IndexerRecoveryConfig = z.infer<typeof indexerRecoveryConfigSchema>;

export const loadIndexerRecoveryConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('indexer-recovery', indexerRecoveryConfigSchema, env);
