import path from 'node:path';
import { DEFAULT_RPC_PORTS } from '@keel/api-contracts';
import {
  baseConfigSchema,
  connectionSettings,
  envBoolean,
  loadConfig,
  port,
  urlWithProtocol,
} from '@keel/service-runtime';
import { z } from 'zod';

const topicName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" and "-"')
  .max(249);

export const jdkInventoryConfigSchema = baseConfigSchema.extend({
  PORT: port(3004),
  /**
   * @nestjs/microservices TCP, the gateway's way in. Default PORT + 1000 (4004 with the default PORT,
   * as DEFAULT_RPC_PORTS says), so an instance moved to another PORT never collides on RPC.
   */
  RPC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PLATFORM_DB_URL: connectionSettings.PLATFORM_DB_URL,
  KAFKA_BROKERS: connectionSettings.KAFKA_BROKERS,
  REPORTS_TOPIC: topicName.default('jdk.reports'),
  /** Dead letters; default `<REPORTS_TOPIC>.dlq`. */
  REPORTS_DLQ_TOPIC: topicName.optional(),
  /** Partitions of the topic when this service creates it (an existing topic is left as it is). */
  REPORTS_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  REPORTS_GROUP_ID: topicName.default('keel-jdk-inventory'),
  /** Reports per round: one bulk write (one statement per table), then one commit. */
  REPORTS_ROUND_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Partitions whose rounds are written at once (each in its own transaction); at most the pool size. */
  REPORTS_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(3),
  /** Kafka fetch sizes: per partition and per request (kafkajs defaults 1 and 10 MiB). */
  REPORTS_FETCH_PARTITION_MB: z.coerce.number().int().min(1).max(512).default(4),
  REPORTS_FETCH_MAX_MB: z.coerce.number().int().min(1).max(1024).default(24),
  /** `POST /reports` group commit: reports arriving within the wait share one transaction (up to the batch). */
  REPORTS_HTTP_BATCH: z.coerce.number().int().min(1).max(5000).default(200),
  REPORTS_HTTP_BATCH_WAIT_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /** `false` turns the Kafka consumer off (HTTP and RPC only). */
  REPORTS_CONSUMER: envBoolean(true),
  REPORTS_BACKOFF_BASE_MS: z.coerce.number().int().min(1).default(500),
  REPORTS_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(30_000),
  /** Largest accepted `POST /reports` body; a 10k-installation report is about 10 MB. */
  REPORTS_BODY_LIMIT_MB: z.coerce.number().int().min(1).max(512).default(32),
  /** Hosts not seen for this many days are stale: left out of summaries until they report again. */
  STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  /** How often the sweep marks stale hosts (and re-derives risk columns once a day). */
  SWEEP_INTERVAL_S: z.coerce.number().int().min(1).default(3600),
  /** `false` disables the scheduled sweep (the CLI `sweep` command still works). */
  SWEEP_ENABLED: envBoolean(true),
  /**
   * Summaries read per-team roll-ups that are at most this many seconds behind the last change (rebuilt
   * in the background, or on read when older); 0 = rebuilt on read after every change (exact, slower).
   */
  ROLLUP_MAX_AGE_S: z.coerce.number().int().min(0).max(86_400).default(30),
  /** jdk-detect's knowledge data (vendors, licences, support dates...): newer facts without a release. */
  KEEL_JDK_DATA_DIR: z.string().min(1).default(path.resolve('libs/jdk-detect/data')),
  /** A report's scannedAt later than its receive time by more than this is set to the receive time. */
  SCANNED_AT_SKEW_S: z.coerce.number().int().min(0).max(86_400).default(300),
  PLATFORM_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** The upgrade planner's policy (preferred vendors, allowed licences, minimum support); default: built in. */
  UPGRADE_POLICY_FILE: z.string().min(1).optional(),
  /** jmh-runner's RPC, for the planner's benchmark evidence; default tcp://127.0.0.1:4005. */
  JMH_RUNNER_RPC_URL: urlWithProtocol('tcp').optional(),
  JMH_RUNNER_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How often the licence exposure is counted for the `fleet.licence-exposure-grew` webhook; 0 = never. */
  WEBHOOK_LICENCE_CHECK_S: z.coerce.number().int().min(0).default(300),
});

const withRpcPort = jdkInventoryConfigSchema.transform((c) => ({
  ...c,
  RPC_PORT: c.RPC_PORT ?? (c.PORT === 3004 ? DEFAULT_RPC_PORTS['jdk-inventory'] : c.PORT + 1000),
}));

export type JdkInventoryConfig = z.infer<typeof withRpcPort>;

export const loadJdkInventoryConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('jdk-inventory', withRpcPort, env);
