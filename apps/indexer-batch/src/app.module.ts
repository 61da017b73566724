import { CoordinationModule } from '@keel/coordination';
import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { ElasticsearchModule } from '@keel/es-alias';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { IndexerBatchConfig } from './config';

@Module({})
export class AppModule {
  static forRoot(config: IndexerBatchConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'indexer-batch', logLevel: config.LOG_LEVEL }),
        CoordinationModule.forRoot({
          connectString: config.ZOOKEEPER_CONNECT.join(','),
          job: 'indexer-batch',
        }),
        DatabaseModule.forRoot({ role: 'shop', url: config.SHOP_DB_URL }),
        DatabaseModule.forRoot({ role: 'platform', url: config.PLATFORM_DB_URL }),
        ElasticsearchModule.forRoot({ url: config.ELASTICSEARCH_URL }),
      ],
    };
  }
}
