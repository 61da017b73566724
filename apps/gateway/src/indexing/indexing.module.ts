import { DynamicModule, Module } from '@nestjs/common';
import type { GatewayConfig } from '../config';
import { INDEXING_OPTIONS, IndexingResolver, JobResolver, type IndexingOptions } from './indexing.resolver';

@Module({})
export class IndexingModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: IndexingModule,
      providers: [
        {
          provide: INDEXING_OPTIONS,
          useValue: {
            productsAlias: config.PRODUCTS_ALIAS,
            streamTopic: config.STREAM_TOPIC,
            streamGroupId: config.STREAM_GROUP_ID,
            verifyTimeoutMs: config.RPC_VERIFY_TIMEOUT_MS,
          } satisfies IndexingOptions,
        },
        IndexingResolver,
        JobResolver,
      ],
    };
  }
}
