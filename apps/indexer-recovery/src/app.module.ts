import { DatabaseModule } from '@keel/datasource';
import { ElasticsearchModule } from '@keel/es-alias';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import { CoordinationModule } from '@keel/coordination';
import { DynamicModule, Module } from '@nestjs/common';
import type { IndexerRecoveryConfig } from './config';
import { recoveryMigrations } from './recovery/recovery.migration';
import { RecoveryModule } from './recovery/recovery.module';

@Module({})
export class AppModule {
  static forRoot(config: IndexerRecoveryConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'indexer-recovery', logLevel: config.LOG_LEVEL }),
        CoordinationModule.forRoot({
          connectString: config.ZOOKEEPER_CONNECT.join(','),
          job: 'indexer-recovery',
        }),
        DatabaseModule.forRoot({ role: 'shop', url: config.SHOP_DB_URL }),
        DatabaseModule.forRoot({
          role: 'platform',
          url: config.PLATFORM_DB_URL,
          migrations: recoveryMigrations,
          migrationsTableName: 'keel_migrations_indexer_recovery',
        }),
        ElasticsearchModule.forRoot({ url: config.ELASTICSEARCH_URL }),
        RecoveryModule.forRoot(config),
      ],
    };
  }
}
