import 'reflect-metadata';
import { bootstrapService, runService } from '@keel/service-runtime';
import { AppModule } from './app.module';
import { loadIndexerStreamConfig } from './config';

runService(async () => {
  const config = loadIndexerStreamConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'indexer-stream',
    host: config.HOST,
    port: config.PORT,
    rpc: { host: config.HOST, port: config.RPC_PORT },
  });
});
