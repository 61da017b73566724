import type { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@keel/service-runtime';
import { freePort } from '@keel/test-harness';
import { AppModule } from '../src/app.module';
import { loadJdkInventoryConfig, type JdkInventoryConfig } from '../src/config';

export interface RunningInventory {
  app: INestApplication;
  config: JdkInventoryConfig;
  httpUrl: string;
  rpcPort: number;
}

/** The whole app (HTTP, RPC, Kafka consumer) on free ports, against an isolated schema and topic. */
export async function startInventory(env: Record<string, string>): Promise<RunningInventory> {
  const [httpPort, rpcPort] = [await freePort(), await freePort()];
  const config = loadJdkInventoryConfig({
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(httpPort),
    RPC_PORT: String(rpcPort),
    SWEEP_ENABLED: 'false',
    ROLLUP_MAX_AGE_S: '0',
    REPORTS_TOPIC_PARTITIONS: '2',
    REPORTS_BACKOFF_BASE_MS: '100',
    ...env,
  });
  const app = await bootstrapService(AppModule.forRoot(config), {
    service: 'jdk-inventory',
    host: config.HOST,
    port: config.PORT,
    rpc: { host: config.HOST, port: rpcPort },
    // a 10k-installation report is ~10 MB
    jsonBodyLimit: `${config.REPORTS_BODY_LIMIT_MB}mb`,
  });
  return { app, config, httpUrl: `http://127.0.0.1:${httpPort}`, rpcPort };
}
