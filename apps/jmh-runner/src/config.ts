import { baseConfigSchema, loadConfig, port, urlWithProtocol } from '@keel/service-runtime';
import type { z } from 'zod';

export const jmhRunnerConfigSchema = baseConfigSchema.extend({
  PORT: port(3005),
  PLATFORM_DB_URL: urlWithProtocol('postgres', 'postgresql').default(
    'postgres://postgres@127.0.0.1:5432/keel',
  ),
});

export type JmhRunnerConfig = z.infer<typeof jmhRunnerConfigSchema>;

export const loadJmhRunnerConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('jmh-runner', jmhRunnerConfigSchema, env);
