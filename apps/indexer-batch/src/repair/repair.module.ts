import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import { JobRegistration } from '@keel/coordination';
import { dataSourceToken } from '@keel/datasource';
import { ELASTICSEARCH_CLIENT } from '@keel/es-alias';
import { DynamicModule, Module, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { IndexerBatchConfig } from '../config';
import { REPAIR_SCHEDULE, RepairScheduler, type RepairSchedule } from './repair.scheduler';
import { RepairService } from './repair.service';

export interface RepairModuleOptions {
  /** Join the repairer's election and run cycles on the leader. False for the CLI. */
  schedule?: boolean;
}

/** The continuous repairer: its service (also used by the CLI) and, when enabled, its scheduler. */
@Module({})
export class RepairModule {
  static forRoot(config: IndexerBatchConfig, options: RepairModuleOptions = {}): DynamicModule {
    const schedule: Provider[] =
      options.schedule === false || !config.REPAIR_ENABLED
        ? []
        : [
            {
              provide: REPAIR_SCHEDULE,
              useValue: {
                election: config.REPAIR_ELECTION,
                restMs: config.REPAIR_REST_MS,
              } satisfies RepairSchedule,
            },
            RepairScheduler,
          ];
    return {
      module: RepairModule,
      providers: [
        {
          provide: RepairService,
          inject: [
            dataSourceToken('shop'),
            dataSourceToken('platform'),
            ELASTICSEARCH_CLIENT,
            JobRegistration,
          ],
          useFactory: (
            shop: DataSource,
            platform: DataSource,
            client: Client,
            registration: JobRegistration,
          ) =>
            new RepairService(new ShopCatalog(shop), platform, client, {
              writeAlias: config.PRODUCTS_WRITE_ALIAS,
              readAlias: config.PRODUCTS_READ_ALIAS,
              rangeSize: config.REPAIR_RANGE_SIZE,
              pace: { cycleMs: config.REPAIR_CYCLE_MS, maxProductsPerS: config.REPAIR_MAX_PRODUCTS_PER_S },
              batchSize: config.BATCH_SIZE,
              concurrency: config.BATCH_CONCURRENCY,
              instance: () => registration.instanceName(),
            }),
        },
        ...schedule,
      ],
      exports: [RepairService],
    };
  }
}
