import 'reflect-metadata';
import { bootstrapService, runService } from '@keel/service-runtime';
import { AppModule } from './app.module';
import { loadJmhRunnerConfig } from './config';

runService(async () => {
  const config = loadJmhRunnerConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'jmh-runner',
    host: config.HOST,
    port: config.PORT,
    rpc: { host: config.HOST, port: config.RPC_PORT },
  });
});
