import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { KafkaModule } from '@keel/kafka-bus';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { JdkInventoryConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: JdkInventoryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'jdk-inventory', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({ role: 'platform', url: config.PLATFORM_DB_URL }),
        KafkaModule.forRoot({ clientId: 'jdk-inventory', brokers: config.KAFKA_BROKERS }),
      ],
    };
  }
}
