import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import { JobRegistration } from '@keel/coordination';
import { dataSourceToken } from '@keel/datasource';
import { ELASTICSEARCH_CLIENT } from '@keel/es-alias';
import { DynamicModule, Module, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { IndexerBatchConfig } from '../config';
import { BatchRpcController } from './batch-rpc.controller';
import { BatchController } from './batch.controller';
import { BATCH_SCHEDULE, BatchScheduler, type BatchSchedule } from './batch.scheduler';
import { BatchWindowStarter } from './batch-window-starter.service';
import { BatchWindowService } from './batch-window.service';
import { ShopClock } from './shop-clock';

export interface BatchModuleOptions {
  /** Join the election and run windows on the leader. False for the CLI. Default true. */
  schedule?: boolean;
}

@Module({})
export class BatchModule {
  static forRoot(config: IndexerBatchConfig, options: BatchModuleOptions = {}): DynamicModule {
    const schedule: Provider[] =
      options.schedule === false
        ? []
        : [
            {
              provide: BATCH_SCHEDULE,
              useValue: {
                election: config.BATCH_ELECTION,
                intervalMs: config.BATCH_INTERVAL_MS,
              } satisfies BatchSchedule,
            },
            BatchScheduler,
          ];
    return {
      module: BatchModule,
      controllers: [BatchController, BatchRpcController],
      providers: [
        BatchWindowStarter,
        {
          provide: BatchWindowService,
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
            new BatchWindowService(new ShopCatalog(shop), new ShopClock(shop), platform, client, {
              writeAlias: config.PRODUCTS_WRITE_ALIAS,
              overlapMs: config.BATCH_OVERLAP_MS,
              lagMs: config.BATCH_LAG_MS,
              maxWindowMs: config.BATCH_MAX_WINDOW_MS,
              initialLookbackMs: config.BATCH_INITIAL_LOOKBACK_MS,
              pageSize: config.BATCH_PAGE_SIZE,
              batchSize: config.BATCH_SIZE,
              concurrency: config.BATCH_CONCURRENCY,
              hold: { marginMs: config.BATCH_HOLD_MARGIN_MS, maxHoldMs: config.BATCH_MAX_HOLD_MS },
              // the ZooKeeper job instance name: the same one the supervisor and the registry show
              instance: () => registration.instanceName(),
            }),
        },
        ...schedule,
      ],
      exports: [BatchWindowService],
    };
  }
}
