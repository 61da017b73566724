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
    // people's API tokens guard /graphql (AuthMiddleware); service identities guard the apps' side
    publicHttp: true,
  });
});
