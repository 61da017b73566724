import 'reflect-metadata';
import { bootstrapService, runService } from '@keel/service-runtime';
import { AppModule } from './app.module';
import { loadIndexerRecoveryConfig } from './config';

runService(async () => {
  const config = loadIndexerRecoveryConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'indexer-recovery',
    host: config.HOST,
    port: config.PORT,
    rpc: { host: config.HOST, port: config.RPC_PORT },
  });
});
