import 'reflect-metadata';
import { bootstrapService, runService } from '@keel/service-runtime';
import { AppModule } from './app.module';
import { loadIndexerBatchConfig } from './config';

runService(async () => {
  const config = loadIndexerBatchConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'indexer-batch',
    host: config.HOST,
    port: config.PORT,
    rpc: { host: config.HOST, port: config.RPC_PORT },
  });
});
