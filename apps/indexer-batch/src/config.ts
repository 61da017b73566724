import { DEFAULT_RPC_PORTS } from '@keel/api-contracts';
import { productChangedTopic } from '@keel/kafka-bus';
import { baseConfigSchema, connectionSettings, envBoolean, loadConfig, port } from '@keel/service-runtime';
import { z } from 'zod';

const ms = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);
const name = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "-" and "_"');

export const indexerBatchConfigSchema = baseConfigSchema
  .extend({
    ZOOKEEPER_CONNECT: connectionSettings.ZOOKEEPER_CONNECT,
    PORT: port(3002),
    /** Where the gateway's RPC requests (@nestjs/microservices TCP) arrive. */
    RPC_PORT: port(DEFAULT_RPC_PORTS['indexer-batch']),
    PLATFORM_DB_URL: connectionSettings.PLATFORM_DB_URL,
    SHOP_DB_URL: connectionSettings.SHOP_DB_URL,
    ELASTICSEARCH_URL: connectionSettings.ELASTICSEARCH_URL,
    /** Where documents go: the write alias (a rebuild moves it to its new index). */
    PRODUCTS_WRITE_ALIAS: name.default('products-write'),
    /** Time between two schedule ticks on the leader; a tick works through the whole backlog. */
    BATCH_INTERVAL_MS: ms(300_000, 100),
    /** Each window starts this long before the previous successful window's end (late commits). */
    BATCH_OVERLAP_MS: ms(60_000),
    /** Windows end this long before the shop DB's now (transactions still in flight). */
    BATCH_LAG_MS: ms(5_000),
    /** With no successful window yet, the first one starts this long before now. */
    BATCH_INITIAL_LOOKBACK_MS: ms(3_600_000, 1),
    /** A backlog is worked through in windows of at most this length, oldest first. */
    BATCH_MAX_WINDOW_MS: ms(900_000, 1),
    /** Product ids read per keyset page of the change feed. */
    BATCH_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(5_000),
    /** Ids per load-and-bulk round trip of the ETL core. */
    BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    /**
     * Windows never end past the start of the oldest transaction open on the shop DB, less this
     * margin (MariaDB reports transaction starts in whole seconds; clock resolution).
     */
    BATCH_HOLD_MARGIN_MS: ms(1_000),
    /** A transaction open longer than this no longer holds windows: the repairer fixes its rows. */
    BATCH_MAX_HOLD_MS: ms(600_000),
    /** The ZooKeeper election whose leader runs the schedule (one per write alias in practice). */
    BATCH_ELECTION: name.default('batch-scheduler'),
    /** Readers' alias: while it and the write alias point at different indices, the repairer waits. */
    PRODUCTS_READ_ALIAS: name.default('products'),
    /** Run the continuous repairer (its own election) in this process. */
    REPAIR_ENABLED: envBoolean(true),
    /** One repair cycle walks the whole id space in about this long (ranges are spread over it). */
    REPAIR_CYCLE_MS: ms(300_000),
    /** Ids per compared range; at most 2 000 so version sums stay exact. */
    REPAIR_RANGE_SIZE: z.coerce.number().int().min(1).max(2_000).default(1_000),
    /** The repairer never compares faster than this many ids per second. */
    REPAIR_MAX_PRODUCTS_PER_S: z.coerce.number().int().min(1).default(20_000),
    /** Pause between two cycles. */
    REPAIR_REST_MS: ms(5_000),
    REPAIR_ELECTION: name.default('index-repairer'),
    /** Run the freshness probe (its own election): a canary change every FRESHNESS_INTERVAL_MS. */
    FRESHNESS_ENABLED: envBoolean(true),
    FRESHNESS_INTERVAL_MS: ms(5_000, 100),
    /** A canary not searchable within this long counts as a timeout (the histogram stops at 60 s). */
    FRESHNESS_TIMEOUT_MS: ms(60_000, 100),
    /** Time between two searches of the read alias while waiting for the canary. */
    FRESHNESS_POLL_MS: ms(50, 10),
    FRESHNESS_ELECTION: name.default('freshness-probe'),
    /** The probe publishes the canary's id here, as every writer does. */
    KAFKA_BROKERS: connectionSettings.KAFKA_BROKERS,
    PRODUCT_CHANGED_TOPIC: name.default(productChangedTopic),
  })
  .superRefine((config, ctx) => {
    // each window must reach past the previous one's end, or a backlog would never shrink
    if (config.BATCH_MAX_WINDOW_MS <= config.BATCH_OVERLAP_MS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['BATCH_MAX_WINDOW_MS'],
        message: `must be greater than BATCH_OVERLAP_MS (${config.BATCH_OVERLAP_MS})`,
      });
    }
  });

export type IndexerBatchConfig = z.infer<typeof indexerBatchConfigSchema>;

export const loadIndexerBatchConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('indexer-batch', indexerBatchConfigSchema, env);
