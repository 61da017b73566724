import { CoordinationModule } from '@keel/coordination';
import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { ElasticsearchModule } from '@keel/es-alias';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import { batchMigrations, batchMigrationsTable } from './batch/batch.migration';
import { BatchModule, type BatchModuleOptions } from './batch/batch.module';
import type { IndexerBatchConfig } from './config';
import { RepairModule } from './repair/repair.module';

@Module({})
export class AppModule {
  static forRoot(config: IndexerBatchConfig, options: BatchModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'indexer-batch', logLevel: config.LOG_LEVEL }),
        CoordinationModule.forRoot({
          connectString: config.ZOOKEEPER_CONNECT.join(','),
          job: 'indexer-batch',
          role: options.schedule === false ? 'cli' : 'scheduler',
        }),
        DatabaseModule.forRoot({ role: 'shop', url: config.SHOP_DB_URL }),
        DatabaseModule.forRoot({
          role: 'platform',
          url: config.PLATFORM_DB_URL,
          migrations: batchMigrations,
          migrationsTableName: batchMigrationsTable,
        }),
        ElasticsearchModule.forRoot({ url: config.ELASTICSEARCH_URL }),
        BatchModule.forRoot(config, options),
        RepairModule.forRoot(config, { schedule: options.schedule }),
      ],
    };
  }
}
