import type { Client } from '@elastic/elasticsearch';
import { ShopCatalog } from '@keel/catalog';
import { dataSourceToken } from '@keel/datasource';
import { ELASTICSEARCH_CLIENT } from '@keel/es-alias';
import { ProductIndexer } from '@keel/etl-core';
import { KAFKA, deadLetterTopicOf, type Kafka } from '@keel/kafka-bus';
import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { IndexerStreamConfig } from '../config';
import { STREAM_CONFIG, StreamRpcController } from './stream-rpc.controller';
import { StreamIndexerService } from './stream-indexer.service';

@Module({})
export class StreamModule {
  static forRoot(config: IndexerStreamConfig): DynamicModule {
    return {
      module: StreamModule,
      controllers: [StreamRpcController],
      providers: [
        { provide: STREAM_CONFIG, useValue: config },
        {
          provide: StreamIndexerService,
          inject: [KAFKA, dataSourceToken('shop'), ELASTICSEARCH_CLIENT],
          useFactory: (kafka: Kafka, shop: DataSource, client: Client) =>
            new StreamIndexerService(
              kafka,
              new ProductIndexer(new ShopCatalog(shop), client, {
                requireAlias: true,
                index: config.PRODUCTS_WRITE_ALIAS,
                source: 'stream',
                batchSize: config.STREAM_ROUND_SIZE,
                concurrency: config.STREAM_INDEX_CONCURRENCY,
                deleteMissing: true,
              }),
              {
                topic: config.STREAM_TOPIC,
                deadLetterTopic: config.STREAM_DLQ_TOPIC ?? deadLetterTopicOf(config.STREAM_TOPIC),
                partitions: config.STREAM_TOPIC_PARTITIONS,
                groupId: config.STREAM_GROUP_ID,
                roundSize: config.STREAM_ROUND_SIZE,
                maxRoundSize: config.STREAM_MAX_ROUND_SIZE,
                partitionsConcurrency: config.STREAM_PARTITIONS_CONCURRENCY,
                runsInFlight: config.STREAM_RUNS_IN_FLIGHT,
                backoff: { baseMs: config.STREAM_BACKOFF_BASE_MS, maxMs: config.STREAM_BACKOFF_MAX_MS },
                dependenciesUp: async () => {
                  await shop.query('SELECT 1');
                  await client.cluster.health({ timeout: '5s' });
                },
              },
            ),
        },
      ],
      exports: [StreamIndexerService],
    };
  }
}
