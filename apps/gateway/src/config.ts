import { baseConfigSchema, loadConfig, port, urlWithProtocol } from '@keel/service-runtime';
import type { z } from 'zod';

export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: port(3000),
  PLATFORM_DB_URL: urlWithProtocol('postgres', 'postgresql').default(
    'postgres://postgres@127.0.0.1:5432/keel',
  ),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) =>
  loadConfig('gateway', gatewayConfigSchema, env);
