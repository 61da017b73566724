import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import { dataSourceToken } from '@keel/datasource';
import { ELASTICSEARCH_CLIENT } from '@keel/es-alias';
import { aliasPairOf } from '@keel/product-index';
import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { IndexerRecoveryConfig } from '../config';
import { RECOVERY_ALIASES, RecoveryRpcController } from './recovery-rpc.controller';
import { RecoveryStarter } from './recovery-starter.service';
import { RecoveryController } from './recovery.controller';
import { RecoveryService } from './recovery.service';

@Module({})
export class RecoveryModule {
  static forRoot(config: IndexerRecoveryConfig): DynamicModule {
    return {
      module: RecoveryModule,
      controllers: [RecoveryController, RecoveryRpcController],
      providers: [
        RecoveryStarter,
        {
          provide: RECOVERY_ALIASES,
          useValue: aliasPairOf(config.PRODUCTS_ALIAS),
        },
        {
          provide: RecoveryService,
          inject: [dataSourceToken('shop'), dataSourceToken('platform'), ELASTICSEARCH_CLIENT],
          useFactory: (shop: DataSource, platform: DataSource, client: Client) =>
            new RecoveryService(new ShopCatalog(shop), platform, client, {
              aliases: aliasPairOf(config.PRODUCTS_ALIAS),
              batchSize: config.RECOVERY_BATCH_SIZE,
              concurrency: config.RECOVERY_CONCURRENCY,
              readConcurrency: config.RECOVERY_READ_CONCURRENCY,
              bufferedRanges: config.RECOVERY_BUFFERED_RANGES,
              bulkTargetMs: config.RECOVERY_BULK_TARGET_MS,
              minBulkDocs: config.RECOVERY_MIN_BULK_DOCS,
              maxBulkDocs: config.RECOVERY_MAX_BULK_DOCS,
              overlapMs: config.RECOVERY_OVERLAP_MS,
              analyzer: config.ES_TEXT_ANALYZER,
              sampleRanges: config.RECOVERY_SAMPLE_RANGES,
              sampleSize: config.RECOVERY_SAMPLE_SIZE,
              keepIndices: config.RECOVERY_KEEP_INDICES,
              leaseMs: config.RECOVERY_LEASE_MS,
              replicas: config.RECOVERY_REPLICAS,
              replicaWaitS: config.RECOVERY_REPLICA_WAIT_S,
            }),
        },
      ],
      exports: [RecoveryService],
    };
  }
}
