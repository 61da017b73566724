import { DEFAULT_RPC_PORTS } from '@keel/api-contracts';
import { ALIAS_NAME_RULE, isAliasName } from '@keel/es-alias';
import { baseConfigSchema, connectionSettings, loadConfig, port } from '@keel/service-runtime';
import { z } from 'zod';

export const indexerRecoveryConfigSchema = baseConfigSchema.extend({
  ZOOKEEPER_CONNECT: connectionSettings.ZOOKEEPER_CONNECT,
  PORT: port(3003),
  /** Where the gateway's RPC requests (@nestjs/microservices TCP) arrive. */
  RPC_PORT: port(DEFAULT_RPC_PORTS['indexer-recovery']),
  SHOP_DB_URL: connectionSettings.SHOP_DB_URL,
  PLATFORM_DB_URL: connectionSettings.PLATFORM_DB_URL,
  ELASTICSEARCH_URL: connectionSettings.ELASTICSEARCH_URL,
  /** What searches read; the write alias is `<alias>-write`. */
  PRODUCTS_ALIAS: z.string().refine(isAliasName, ALIAS_NAME_RULE).default('products'),
  RECOVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  RECOVERY_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  RECOVERY_OVERLAP_MS: z.coerce.number().int().min(0).default(60_000),
  /** A claimed range not finished within this is taken over by another worker (its worker died). */
  RECOVERY_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  RECOVERY_KEEP_INDICES: z.coerce.number().int().min(2).default(3),
  RECOVERY_SAMPLE_RANGES: z.coerce.number().int().min(0).default(5),
  RECOVERY_SAMPLE_SIZE: z.coerce.number().int().min(1).default(200),
  /** Replicas the rebuilt index serves with; unset: as many as the live index has. */
  RECOVERY_REPLICAS: z.coerce.number().int().min(0).max(10).optional(),
  /** How long the swap waits for those replicas to be allocated. */
  RECOVERY_REPLICA_WAIT_S: z.coerce.number().int().min(1).default(120),
  ES_TEXT_ANALYZER: z.enum(['standard', 'cjk', 'nori']).default('standard'),
});

export type IndexerRecoveryConfig = z.infer<typeof indexerRecoveryConfigSchema>;

export const loadIndexerRecoveryConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('indexer-recovery', indexerRecoveryConfigSchema, env);
