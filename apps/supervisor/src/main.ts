import 'reflect-metadata';
import { bootstrapService, runService } from '@keel/service-runtime';
import { AppModule } from './app.module';
import { loadSupervisorConfig } from './config';

runService(async () => {
  const config = loadSupervisorConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'supervisor',
    host: config.HOST,
    port: config.PORT,
    rpc: { host: config.HOST, port: config.RPC_PORT },
  });
});
