import type { Kafka, Producer } from 'kafkajs';
import { createProducer, ensureTopics } from './kafka-client';

export interface DeadLetterTopics {
  topic: string;
  partitions: number;
  deadLetterTopic: string;
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
