import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { DatabaseModule, dataSourceToken } from '@keel/datasource';
import { KafkaModule } from '@keel/kafka-bus';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { DataSource } from 'typeorm';
import type { JdkInventoryConfig } from './config';
import { inventoryMigrations, inventoryMigrationsTable } from './inventory/inventory.migration';
import { InventoryModule, type InventoryModuleOptions } from './inventory/inventory.module';
import { createLicenceExposureScheduler } from './notify/licence-exposure.scheduler';
import { UpgradePlannerModule } from './upgrade-planner/upgrade-planner.module';

@Module({})
export class AppModule {
  static forRoot(config: JdkInventoryConfig, options: InventoryModuleOptions = {}): DynamicModule {
    const serve = options.serve ?? true;
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({
          service: 'jdk-inventory',
          logLevel: config.LOG_LEVEL,
          // every agent reports here; the ingest metrics count them
          unloggedRoutes: [{ method: RequestMethod.POST, path: 'reports' }],
        }),
        DatabaseModule.forRoot({
          role: 'platform',
          url: config.PLATFORM_DB_URL,
          migrations: inventoryMigrations,
          migrationsTableName: inventoryMigrationsTable,
          poolSize: config.PLATFORM_DB_POOL_SIZE,
        }),
        ...(serve ? [KafkaModule.forRoot({ clientId: 'jdk-inventory', brokers: config.KAFKA_BROKERS })] : []),
        InventoryModule.forRoot(config, options),
        UpgradePlannerModule.forRoot(config, { serve }),
      ],
      // webhooks when the fleet's licence exposure grows (serving only; the CLI never notifies)
      providers: serve
        ? [
            {
              provide: 'keel:licence-exposure-scheduler',
              inject: [dataSourceToken('platform')],
              useFactory: (db: DataSource) =>
                createLicenceExposureScheduler(db, config.WEBHOOK_LICENCE_CHECK_S),
            },
          ]
        : [],
    };
  }
}
