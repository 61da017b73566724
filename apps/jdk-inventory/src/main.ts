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
  });
});
