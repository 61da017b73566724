import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { ElasticsearchModule } from '@keel/es-alias';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { IndexerRecoveryConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: IndexerRecoveryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'indexer-recovery', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({ role: 'shop', url: config.SHOP_DB_URL }),
        DatabaseModule.forRoot({ role: 'platform', url: config.PLATFORM_DB_URL }),
        ElasticsearchModule.forRoot({ url: config.ELASTICSEARCH_URL }),
      ],
    };
  }
}
