import { DEFAULT_RPC_PORTS, type RpcApp } from '@keel/api-contracts';
import { ALIAS_NAME_RULE, isAliasName } from '@keel/es-alias';
import {
  baseConfigSchema,
  connectionSettings,
  envBoolean,
  loadConfig,
  port,
  urlWithProtocol,
} from '@keel/service-runtime';
import { z } from 'zod';

const name = z.string().regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, ".", "_" and "-"');
const alias = z.string().refine(isAliasName, ALIAS_NAME_RULE);
/** Unset leaves the default to the environment (NODE_ENV). */
const flag = envBoolean();
const rpcUrl = (app: RpcApp) =>
  urlWithProtocol('tcp')
    .refine((s) => new URL(s).port !== '', { message: 'expected tcp://host:port' })
    .default(`tcp://127.0.0.1:${DEFAULT_RPC_PORTS[app]}`);

export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: port(3000),
  PLATFORM_DB_URL: connectionSettings.PLATFORM_DB_URL,
  /** Product search reads rows by id from the shop DB. */
  SHOP_DB_URL: connectionSettings.SHOP_DB_URL,
  ELASTICSEARCH_URL: connectionSettings.ELASTICSEARCH_URL,
  KAFKA_BROKERS: connectionSettings.KAFKA_BROKERS,
  ZOOKEEPER_CONNECT: connectionSettings.ZOOKEEPER_CONNECT,
  /** The alias family the indexing views show (`<alias>-<stamp>` indices, `<alias>-write`). */
  PRODUCTS_ALIAS: alias.default('products'),
  /** The alias product search reads. */
  PRODUCTS_READ_ALIAS: alias.default('products'),
  /** The stream indexer's topic and consumer group, for lag per partition. */
  STREAM_TOPIC: name.default('catalog.product-changed'),
  STREAM_GROUP_ID: name.default('keel-indexer-stream'),
  INDEXER_STREAM_RPC_URL: rpcUrl('indexer-stream'),
  INDEXER_BATCH_RPC_URL: rpcUrl('indexer-batch'),
  INDEXER_RECOVERY_RPC_URL: rpcUrl('indexer-recovery'),
  JDK_INVENTORY_RPC_URL: rpcUrl('jdk-inventory'),
  JMH_RUNNER_RPC_URL: rpcUrl('jmh-runner'),
  SUPERVISOR_RPC_URL: rpcUrl('supervisor'),
  /** An app that has not answered within this is reported as UPSTREAM_UNAVAILABLE for that field. */
  /** GraphQL requests per minute per client IP (before authentication) and per API token; then 429. */
  RATE_LIMIT_PER_IP_PER_MIN: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_PER_TOKEN_PER_MIN: z.coerce.number().int().min(1).default(1200),
  RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** Verifying an id range reads every row and document of it: a longer timeout of its own. */
  RPC_VERIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(8),
  GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().min(10).default(20_000),
  /** Default: on unless NODE_ENV=production. */
  GRAPHQL_INTROSPECTION: flag,
  /** The GraphiQL page on GET /graphql. Default: on unless NODE_ENV=production. */
  GRAPHIQL: flag,
  /** The web console's build (`nx run console:build`), served at /console; missing: /console says how to build it. */
  CONSOLE_DIR: z.string().min(1).default('dist/apps/console'),
});

type ParsedConfig = z.infer<typeof gatewayConfigSchema>;
export type GatewayConfig = Omit<ParsedConfig, 'GRAPHQL_INTROSPECTION' | 'GRAPHIQL'> & {
  GRAPHQL_INTROSPECTION: boolean;
  GRAPHIQL: boolean;
};

/** Introspection and GraphiQL follow NODE_ENV unless set: on in development and test, off in production. */
export function resolveGatewayConfig(parsed: ParsedConfig): GatewayConfig {
  const development = parsed.NODE_ENV !== 'production';
  return {
    ...parsed,
    GRAPHQL_INTROSPECTION: parsed.GRAPHQL_INTROSPECTION ?? development,
    GRAPHIQL: parsed.GRAPHIQL ?? development,
  };
}

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig =>
  resolveGatewayConfig(loadConfig('gateway', gatewayConfigSchema, env));

/** `tcp://host:port` → `{ host, port }`. */
export function rpcAddress(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}
