import { CoordinationModule } from '@keel/coordination';
import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { ElasticsearchModule } from '@keel/es-alias';
import { KafkaModule } from '@keel/kafka-bus';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { IndexerStreamConfig } from './config';
import { StreamModule } from './stream/stream.module';

@Module({})
export class AppModule {
  static forRoot(config: IndexerStreamConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'indexer-stream', logLevel: config.LOG_LEVEL }),
        CoordinationModule.forRoot({
          connectString: config.ZOOKEEPER_CONNECT.join(','),
          job: 'indexer-stream',
        }),
        DatabaseModule.forRoot({ role: 'shop', url: config.SHOP_DB_URL }),
        ElasticsearchModule.forRoot({ url: config.ELASTICSEARCH_URL }),
        KafkaModule.forRoot({ clientId: 'indexer-stream', brokers: config.KAFKA_BROKERS }),
        StreamModule.forRoot(config),
      ],
    };
  }
}
