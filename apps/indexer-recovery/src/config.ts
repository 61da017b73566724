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
  /** Ids per range: the unit of claim, read and checkpoint (2000: measured fastest of 1000, 2000, 5000, docs/benchmarks.md). */
  RECOVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(2000),
  RECOVERY_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Ranges read and planned at once per worker; unset: as many as RECOVERY_CONCURRENCY. */
  RECOVERY_READ_CONCURRENCY: z.coerce.number().int().min(1).max(16).optional(),
  /** Read ranges that may wait for a bulk request (bounds memory per worker). */
  RECOVERY_BUFFERED_RANGES: z.coerce.number().int().min(1).max(64).default(2),
  /** Latency a bulk request aims at; the documents per request follow it within the bounds below. */
  RECOVERY_BULK_TARGET_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  RECOVERY_MIN_BULK_DOCS: z.coerce.number().int().min(1).max(100_000).default(2000),
  RECOVERY_MAX_BULK_DOCS: z.coerce.number().int().min(1).max(100_000).default(5000),
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

/** The schema with its cross-field rules (the per-variable ones are above). */
const checkedSchema = indexerRecoveryConfigSchema.superRefine((config, context) => {
  if (config.RECOVERY_MIN_BULK_DOCS > config.RECOVERY_MAX_BULK_DOCS)
    context.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['RECOVERY_MIN_BULK_DOCS'],
      message: `must not exceed RECOVERY_MAX_BULK_DOCS (${config.RECOVERY_MAX_BULK_DOCS})`,
    });
});

export const loadIndexerRecoveryConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('indexer-recovery', checkedSchema, env);
