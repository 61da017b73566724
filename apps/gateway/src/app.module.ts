import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { GatewayConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'gateway', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({ role: 'platform', url: config.PLATFORM_DB_URL }),
      ],
    };
  }
}
