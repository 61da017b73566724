import { z } from 'zod';

/** Thrown at start-up when the environment does not satisfy a service's schema. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly string[],
  ) {
    super(`${service}: invalid configuration\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Settings every service has: where it listens and how much it logs. */
export const baseConfigSchema = z.object({
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

/** A comma-separated list of host:port pairs, e.g. KAFKA_BROKERS. */
export const hostPortList = z
  .string()
  .min(1)
  .transform((s) => s.split(',').map((p) => p.trim()))
  .refine((parts) => parts.every((p) => /^[^\s:]+:\d{1,5}$/.test(p)), {
    message: 'expected host:port[,host:port...]',
  });

/** A URL with one of the given protocols, e.g. SHOP_DB_URL=mysql://root@127.0.0.1:3306/keel_shop. */
export const urlWithProtocol = (...protocols: string[]) =>
  z
    .string()
    .url()
    .refine((s) => protocols.includes(new URL(s).protocol.replace(/:$/, '')), {
      message: `expected a ${protocols.join(' or ')} URL`,
    });

/** A port number from the environment. */
export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/**
 * Where the local stack (tools/local-stack) serves each shared server: the defaults of every app's
 * connection settings, so a newcomer sets nothing. Written once here; the stack's README lists the same.
 */
export const LOCAL_STACK = {
  platformDbUrl: 'postgres://postgres@127.0.0.1:5432/keel',
  shopDbUrl: 'mysql://root@127.0.0.1:3306/keel_shop',
  elasticsearchUrl: 'http://127.0.0.1:9200',
  kafkaBrokers: '127.0.0.1:19092',
  zookeeperConnect: '127.0.0.1:2181',
} as const;

/**
 * The connection settings the apps share, each with its local-stack default: pick the ones an app
 * needs (`PLATFORM_DB_URL: connectionSettings.PLATFORM_DB_URL`).
 */
export const connectionSettings = {
  /** The platform DB (PostgreSQL): each app's own tables. */
  PLATFORM_DB_URL: urlWithProtocol('postgres', 'postgresql').default(LOCAL_STACK.platformDbUrl),
  /** The shop DB that is indexed: MySQL/MariaDB or PostgreSQL. */
  SHOP_DB_URL: urlWithProtocol('mysql', 'mariadb', 'postgres', 'postgresql').default(LOCAL_STACK.shopDbUrl),
  ELASTICSEARCH_URL: urlWithProtocol('http', 'https').default(LOCAL_STACK.elasticsearchUrl),
  KAFKA_BROKERS: hostPortList.default(LOCAL_STACK.kafkaBrokers),
  ZOOKEEPER_CONNECT: hostPortList.default(LOCAL_STACK.zookeeperConnect),
};

/**
 * Parses the environment against a schema. On failure, throws a ConfigError that names every
 * variable that is missing or malformed, so an operator fixes them all in one go.
 */
export function loadConfig<S extends z.ZodTypeAny>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const value = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined;
    const shown = value === undefined ? 'not set' : `got ${JSON.stringify(value)}`;
    return `${variable}: ${issue.message} (${shown})`;
  });
  throw new ConfigError(service, problems);
}
