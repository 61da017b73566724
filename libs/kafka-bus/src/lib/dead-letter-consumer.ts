import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Kafka, Message, Producer } from 'kafkajs';
import type { BatchConsumerGroup, RoundFailed } from './batch-consumer';
import { createProducer, ensureTopics } from './kafka-client';

export interface DeadLetterTopics {
  topic: string;
  partitions: number;
  deadLetterTopic: string;
}

export interface DeadLetteringSettings extends DeadLetterTopics {
  groupId: string;
}

/**
 * Gets a dead-lettering consumer ready to start: creates its topic and the dead-letter topic when
 * missing and connects the producer the dead letters go through. The caller keeps the producer
 * before it starts its group (a round may arrive at once) and disconnects it after stopping.
 */
export async function prepareDeadLetters(
  kafka: Kafka,
  topics: DeadLetterTopics,
  log: (message: string) => void,
): Promise<Producer> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await ensureTopics(admin, [
      { topic: topics.topic, numPartitions: topics.partitions },
      { topic: topics.deadLetterTopic, numPartitions: 1 },
    ]);
    if (created.length > 0) log(`created topics ${created.join(', ')}`);
  } finally {
    await admin.disconnect();
  }
  const producer = createProducer(kafka);
  await producer.connect();
  return producer;
}

/**
 * The start/stop lifecycle of a consumer group whose rounds send dead letters (the stream indexer,
 * the JDK report consumer): start makes the topics and connects the dead-letter producer before the
 * group starts (a round may arrive at once); stop lets the round in hand finish and commit, then
 * disconnects the producer.
 */
export class DeadLetteringConsumer {
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly group: BatchConsumerGroup,
    private readonly settings: DeadLetteringSettings,
    private readonly log: (message: string) => void,
  ) {}

  async start(): Promise<void> {
    this.producer = await prepareDeadLetters(this.kafka, this.settings, this.log);
    await this.group.start();
    const { topic, groupId, deadLetterTopic } = this.settings;
    this.log(`consuming ${topic} as group ${groupId}, dead letters to ${deadLetterTopic}`);
  }

  async stop(): Promise<void> {
    await this.group.stop();
    await this.producer?.disconnect();
    this.producer = undefined;
    this.log(`stopped consuming ${this.settings.topic}: the round in hand was finished`);
  }

  /** A failed send throws: the round is not committed and is read again. */
  async sendDeadLetters(messages: Message[]): Promise<void> {
    if (!this.producer) throw new Error('the dead-letter producer is not connected');
    await this.producer.send({ topic: this.settings.deadLetterTopic, messages });
  }
}

/**
 * A Nest service that consumes through one `DeadLetteringConsumer` (built in the subclass's
 * constructor): it starts at bootstrap and, on SIGTERM, finishes and commits the round in hand
 * before the app closes its connections. `start`/`stop` are public for tests and benchmarks.
 */
export abstract class DeadLetteringService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly consumer: DeadLetteringConsumer;

  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}

/** The warning a consumer logs when a round failed and its partition backs off. */
export function describeRoundFailed(failure: RoundFailed): string {
  const reason =
    failure.error instanceof Error
      ? `${failure.error.name}: ${failure.error.message}`
      : String(failure.error);
  return (
    `partition ${failure.partition} paused for ${failure.delayMs} ms (attempt ${failure.attempt}), ` +
    `will read again from offset ${failure.offset}: ${reason}`
  );
}
