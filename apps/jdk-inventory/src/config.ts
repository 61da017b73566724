import { baseConfigSchema, hostPortList, loadConfig, port, urlWithProtocol } from '@keel/service-runtime';
import type { z } from 'zod';

export const jdkInventoryConfigSchema = baseConfigSchema.extend({
  PORT: port(3004),
  PLATFORM_DB_URL: urlWithProtocol('postgres', 'postgresql').default(
    'postgres://postgres@127.0.0.1:5432/keel',
  ),
  KAFKA_BROKERS: hostPortList.default('127.0.0.1:19092'),
});

export type JdkInventoryConfig = z.infer<typeof jdkInventoryConfigSchema>;

export const loadJdkInventoryConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('jdk-inventory', jdkInventoryConfigSchema, env);
