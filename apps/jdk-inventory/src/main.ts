import 'reflect-metadata';
import { bootstrapService, runService } from '@keel/service-runtime';
import { AppModule } from './app.module';
import { loadJdkInventoryConfig } from './config';

runService(async () => {
  const config = loadJdkInventoryConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'jdk-inventory',
    host: config.HOST,
    port: config.PORT,
    rpc: { host: config.HOST, port: config.RPC_PORT },
    // a 10k-installation report is ~10 MB
    jsonBodyLimit: `${config.REPORTS_BODY_LIMIT_MB}mb`,
  });
});
