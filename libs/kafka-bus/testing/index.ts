/**
 * @keel/kafka-bus/testing: a product-change topic of a test's own on the local Kafka (with its
 * dead-letter topic, a publisher and the offset sums tests wait on). Only tests and benches import it.
 */
import { stackEnv } from '@keel/test-harness';
import { ProductChangePublisher, createKafka, type Admin, type Kafka } from '../src';

/** A product-change topic of a test's own and its `<topic>.dlq`, on the local Kafka, with a publisher. */
export interface ChangeTopic {
  kafka: Kafka;
  admin: Admin;
  publisher: ProductChangePublisher;
  topic: string;
  deadLetterTopic: string;
  /** The messages written to `of` (the change topic unless given): its partitions' high watermarks, summed. */
  endOffsets(of?: string): Promise<number>;
  /** The offsets `groupId` committed on the change topic, summed (a partition with none counts 0). */
  committedOffsets(groupId: string): Promise<number>;
  /** Disconnects, and deletes both topics. */
  close(): Promise<void>;
}

/** `topic` should come from `uniqueName()`; the dead-letter topic has one partition. */
export async function openChangeTopic(
  clientId: string,
  topic: string,
  options: { partitions: number },
): Promise<ChangeTopic> {
  const deadLetterTopic = `${topic}.dlq`;
  const kafka = createKafka({ clientId, brokers: stackEnv().kafkaBrokers });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic, numPartitions: options.partitions },
      { topic: deadLetterTopic, numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
  const publisher = new ProductChangePublisher(kafka, topic);
  await publisher.connect();
  return {
    kafka,
    admin,
    publisher,
    topic,
    deadLetterTopic,
    endOffsets: async (of = topic) =>
      (await admin.fetchTopicOffsets(of)).reduce((sum, p) => sum + Number(p.high), 0),
    committedOffsets: async (groupId) => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    },
    close: async () => {
      await publisher.disconnect();
      await admin.deleteTopics({ topics: [topic, deadLetterTopic] }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}
