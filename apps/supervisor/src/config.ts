import { DEFAULT_RPC_PORTS } from '@keel/api-contracts';
import { baseConfigSchema, ConfigError, connectionSettings, loadConfig, port } from '@keel/service-runtime';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseExpectedJobs, type ExpectedJob } from './supervision/expected-jobs';

const positiveMs = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const supervisorConfigSchema = baseConfigSchema.extend({
  PORT: port(3006),
  /** Where the gateway's RPC requests (@nestjs/microservices TCP) arrive. */
  RPC_PORT: port(DEFAULT_RPC_PORTS.supervisor),
  PLATFORM_DB_URL: connectionSettings.PLATFORM_DB_URL,
  ZOOKEEPER_CONNECT: connectionSettings.ZOOKEEPER_CONNECT,
  ZOOKEEPER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(2_000).max(60_000).default(10_000),
  /** A JSON file with the expected jobs; wins over SUPERVISOR_JOBS. */
  SUPERVISOR_JOBS_FILE: z.string().min(1).optional(),
  /** The expected jobs as inline JSON. */
  SUPERVISOR_JOBS: z.string().min(1).optional(),
  /** The election the supervisors share; only its leader restarts anything. */
  SUPERVISOR_ELECTION: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .default('supervisor'),
  /** The job name supervisors register under. */
  SUPERVISOR_JOB_NAME: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/)
    .default('supervisor'),
  SUPERVISOR_BACKOFF_BASE_MS: positiveMs(5_000),
  SUPERVISOR_BACKOFF_MAX_MS: positiveMs(300_000),
  /** A job that stays healthy this long gets its backoff reset. */
  SUPERVISOR_BACKOFF_RESET_MS: positiveMs(600_000),
  /** How often the supervisor re-reads every job from ZooKeeper besides the watches (safety net). */
  SUPERVISOR_RESYNC_MS: positiveMs(10_000),
  /** How often it re-evaluates grace periods and backoff from what it has seen. */
  SUPERVISOR_TICK_MS: positiveMs(500),
});

export type SupervisorEnv = z.infer<typeof supervisorConfigSchema>;
export type SupervisorConfig = SupervisorEnv & { jobs: ExpectedJob[] };

/** The environment plus the expected jobs (from SUPERVISOR_JOBS_FILE or SUPERVISOR_JOBS), validated. */
export function loadSupervisorConfig(env: NodeJS.ProcessEnv = process.env): SupervisorConfig {
  const base = loadConfig('supervisor', supervisorConfigSchema, env);
  const file = base.SUPERVISOR_JOBS_FILE;
  const source = file ? `SUPERVISOR_JOBS_FILE (${file})` : 'SUPERVISOR_JOBS';
  let text = base.SUPERVISOR_JOBS ?? '[]';
  if (file) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError('supervisor', [`${source}: cannot read: ${(error as Error).message}`]);
    }
  }
  try {
    return { ...base, jobs: parseExpectedJobs(text) };
  } catch (error) {
    throw new ConfigError('supervisor', [`${source}: ${(error as Error).message}`]);
  }
}
