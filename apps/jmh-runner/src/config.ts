import {
  baseConfigSchema,
  connectionSettings,
  envBoolean,
  loadConfig,
  port,
  urlWithProtocol,
} from '@keel/service-runtime';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PROFILES, jmhProfileSchema } from './harness/jmh-profile';

const commaList = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== ''),
);

const featureList = commaList.pipe(z.array(z.coerce.number().int().min(8).max(99)));

/** JSON object of profiles merged over the built-in quick and full ones. */
const profilesJson = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.record(jmhProfileSchema));

export const jmhRunnerConfigSchema = baseConfigSchema.extend({
  PORT: port(3005),
  RPC_PORT: port(4005),
  PLATFORM_DB_URL: connectionSettings.PLATFORM_DB_URL,
  /** The benchmarks jar run by default (any JMH uber jar works, see --jar). */
  JMH_JAR: z.string().default(path.resolve('tools/jmh-benchmarks/target/benchmarks.jar')),
  /** Runs, result files, logs, hs_err files and digests live here. */
  JMH_WORK_DIR: z.string().default(path.resolve('tmp/jmh-runner')),
  /** The JVM of the JMH harness; the forks run the build under test (-jvm). */
  JMH_HARNESS_JAVA: z.string().default('java'),
  JMH_PROFILES: profilesJson.optional(),
  /** Profile of the runs queued for newly discovered builds. */
  JMH_DISCOVERY_PROFILE: z.string().default('full'),
  JDK_DIRS: commaList.default('/usr/lib/jvm'),
  /** Jars besides JMH_JAR a run may name (`jar`); nothing else runs. */
  JMH_ALLOWED_JARS: commaList.default(''),
  JDK_DROP_DIR: z.string().optional(),
  /** Adoptium v3 API; listed only for the features in ADOPTIUM_FEATURES (none: not asked). */
  ADOPTIUM_API_URL: urlWithProtocol('http', 'https').default('https://api.adoptium.net'),
  ADOPTIUM_FEATURES: featureList.default(''),
  ADOPTIUM_DOWNLOAD: envBoolean(false),
  ADOPTIUM_MIRROR_URL: urlWithProtocol('http', 'https', 'file').optional(),
  /** Every N hours: discover builds and queue runs of the new ones. 0 turns the schedule off. */
  DISCOVER_EVERY_H: z.coerce.number().min(0).default(6),
  /** The first discovery runs this long after start. */
  DISCOVER_DELAY_S: z.coerce.number().min(0).default(300),
  /** Execute queued runs in this process. */
  RUN_WORKER: envBoolean(true),
  RUN_POLL_MS: z.coerce.number().int().min(100).default(10_000),
  RUN_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
  RUN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(3),
  /** Where jdk-detect's knowledge files are (vendor rules). */
  KEEL_JDK_DATA_DIR: z.string().default(path.resolve('libs/jdk-detect/data')),
});

export type JmhRunnerConfig = z.infer<typeof jmhRunnerConfigSchema>;

export const loadJmhRunnerConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('jmh-runner', jmhRunnerConfigSchema, env);

export const profilesOf = (config: JmhRunnerConfig) => ({
  ...DEFAULT_PROFILES,
  ...(config.JMH_PROFILES ?? {}),
});
