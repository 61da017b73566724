import { INDEXING_PATTERNS, type StreamStatusReply } from '@keel/api-contracts';
import { deadLetterTopicOf } from '@keel/kafka-bus';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { hostname } from 'node:os';
import type { IndexerStreamConfig } from '../config';
import { StreamIndexerService } from './stream-indexer.service';

export const STREAM_CONFIG = 'keel:stream:config';

/**
 * What the gateway asks indexer-stream over RPC: this instance's topic, group and running totals.
 * Lag per partition is read by the gateway from Kafka itself, so it is known while no stream runs.
 */
@Controller()
export class StreamRpcController {
  private readonly instance = `${hostname()}-${process.pid}`;

  constructor(
    private readonly stream: StreamIndexerService,
    @Inject(STREAM_CONFIG) private readonly config: IndexerStreamConfig,
  ) {}

  @MessagePattern(INDEXING_PATTERNS.streamStatus)
  status(): StreamStatusReply {
    return {
      instance: this.instance,
      topic: this.config.STREAM_TOPIC,
      deadLetterTopic: this.config.STREAM_DLQ_TOPIC ?? deadLetterTopicOf(this.config.STREAM_TOPIC),
      groupId: this.config.STREAM_GROUP_ID,
      writeAlias: this.config.PRODUCTS_WRITE_ALIAS,
      totals: this.stream.stats(),
    };
  }
}
