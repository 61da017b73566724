/**
 * @keel/kafka-bus: the one place Keel touches kafkajs (no longer maintained), kept small so it can be
 * replaced: client creation with our logger, topic set-up, and a readiness probe.
 */
export * from './lib/kafka-client';
export type { Kafka, Producer, Consumer, Admin, EachBatchPayload, KafkaMessage } from 'kafkajs';
export * from './lib/kafka.module';
