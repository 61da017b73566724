import 'reflect-metadata';
import { bootstrapService, runService } from '@keel/service-runtime';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config';

runService(async () => {
  const config = loadGatewayConfig();
  await bootstrapService(AppModule.forRoot(config), {
    service: 'gateway',
    host: config.HOST,
    port: config.PORT,
  });
});
