import { DEFAULT_RPC_PORTS } from '@keel/api-contracts';
import { ALIAS_NAME_RULE, isAliasName } from '@keel/es-alias';
import { baseConfigSchema, connectionSettings, loadConfig, port } from '@keel/service-runtime';
import { z } from 'zod';

const name = z
  .string()
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" and "-"')
  .max(249);

export const indexerStreamConfigSchema = baseConfigSchema.extend({
  ZOOKEEPER_CONNECT: connectionSettings.ZOOKEEPER_CONNECT,
  PORT: port(3001),
  /** Where the gateway's RPC requests (@nestjs/microservices TCP) arrive. */
  RPC_PORT: port(DEFAULT_RPC_PORTS['indexer-stream']),
  SHOP_DB_URL: connectionSettings.SHOP_DB_URL,
  ELASTICSEARCH_URL: connectionSettings.ELASTICSEARCH_URL,
  KAFKA_BROKERS: connectionSettings.KAFKA_BROKERS,
  /** Where documents are written: the write alias a rebuild moves. */
  PRODUCTS_WRITE_ALIAS: z.string().refine(isAliasName, ALIAS_NAME_RULE).default('products-write'),
  STREAM_TOPIC: name.default('catalog.product-changed'),
  /** Dead letters; default `<STREAM_TOPIC>.dlq`. */
  STREAM_DLQ_TOPIC: name.optional(),
  /** Partitions of the topic when this service creates it (an existing topic is left as it is). */
  STREAM_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  STREAM_GROUP_ID: name.default('keel-indexer-stream'),
  /** Messages per round while a partition keeps up: one load by id, one bulk write, one commit. */
  STREAM_ROUND_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Largest round of a partition that is behind: rounds are sized by lag up to this. */
  STREAM_MAX_ROUND_SIZE: z.coerce.number().int().min(1).max(50_000).default(5000),
  /** Partitions whose rounds are handled at once (their ids go into one indexing run). */
  STREAM_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(6),
  /** Indexing runs at once: the next run's loads overlap the previous run's bulk. */
  STREAM_RUNS_IN_FLIGHT: z.coerce.number().int().min(1).max(16).default(2),
  /** Within one run: loads in flight and bulks in flight (batches of STREAM_ROUND_SIZE ids). */
  STREAM_INDEX_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  STREAM_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(500),
  STREAM_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(30_000),
});

export type IndexerStreamConfig = z.infer<typeof indexerStreamConfigSchema>;

export const loadIndexerStreamConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('indexer-stream', indexerStreamConfigSchema, env);
