import type { Client } from '@elastic/elasticsearch';
import { dataSourceToken } from '@keel/datasource';
import { ELASTICSEARCH_CLIENT } from '@keel/es-alias';
import { ProductChangePublisher, createKafka } from '@keel/kafka-bus';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { IndexerBatchConfig } from '../config';
import { FreshnessCanary } from './freshness-canary';
import { FreshnessProbeService } from './freshness-probe.service';
import { FreshnessRpcController } from './freshness-rpc.controller';
import {
  FRESHNESS_PUBLISHER,
  FRESHNESS_SCHEDULE,
  FreshnessScheduler,
  type FreshnessSchedule,
} from './freshness.scheduler';

/**
 * The freshness probe (canary through DB commit, event, stream and read alias), run by the leader of
 * FRESHNESS_ELECTION. Off in the CLI and with FRESHNESS_ENABLED=false (then no Kafka client either).
 */
@Module({})
export class FreshnessModule {
  static forRoot(config: IndexerBatchConfig, options: { schedule?: boolean } = {}): DynamicModule {
    const controllers = [FreshnessRpcController];
    if (options.schedule === false || !config.FRESHNESS_ENABLED)
      return { module: FreshnessModule, controllers };
    const logger = new Logger('kafkajs');
    return {
      module: FreshnessModule,
      controllers,
      providers: [
        {
          provide: FRESHNESS_PUBLISHER,
          useFactory: () =>
            new ProductChangePublisher(
              createKafka({
                clientId: 'indexer-batch-freshness',
                brokers: config.KAFKA_BROKERS,
                log: (level, message) => (level === 'error' ? logger.error(message) : undefined),
              }),
              config.PRODUCT_CHANGED_TOPIC,
            ),
        },
        {
          provide: FreshnessProbeService,
          inject: [dataSourceToken('shop'), FRESHNESS_PUBLISHER, ELASTICSEARCH_CLIENT],
          useFactory: (shop: DataSource, publisher: ProductChangePublisher, client: Client) =>
            new FreshnessProbeService(new FreshnessCanary(shop), publisher, client, {
              readAlias: config.PRODUCTS_READ_ALIAS,
              timeoutMs: config.FRESHNESS_TIMEOUT_MS,
              pollMs: config.FRESHNESS_POLL_MS,
            }),
        },
        {
          provide: FRESHNESS_SCHEDULE,
          useValue: {
            election: config.FRESHNESS_ELECTION,
            intervalMs: config.FRESHNESS_INTERVAL_MS,
          } satisfies FreshnessSchedule,
        },
        FreshnessScheduler,
      ],
      exports: [FreshnessProbeService],
    };
  }
}
