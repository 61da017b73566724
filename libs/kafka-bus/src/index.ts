/**
 * @keel/kafka-bus: the one place Keel touches kafkajs (no longer maintained), kept small so it can be
 * replaced: client creation with our logger, topic set-up, a readiness probe, the product change
 * event (schema, parser, publisher) and a consumer group runner with manual, at-least-once commits.
 */
export * from './lib/kafka-client';
export type { Kafka, Producer, Consumer, Admin, EachBatchPayload, KafkaMessage, IHeaders } from 'kafkajs';
export * from './lib/kafka.module';
export * from './lib/product-change-event';
export * from './lib/product-change.publisher';
export * from './lib/batch-offsets';
export * from './lib/batch-consumer';
export * from './lib/dead-letter-consumer';
export * from './lib/kafka-security';
