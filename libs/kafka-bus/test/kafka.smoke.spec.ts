import { createKafka, ensureTopics, kafkaProbe, type Kafka } from '../src';
import { eventually, stackEnv, uniqueName } from '@keel/test-harness';

// Smoke: the real broker from the local stack takes messages and serves them to a consumer group
// that commits offsets by hand, which is how the indexers consume.
describe('Kafka (real broker)', () => {
  let kafka: Kafka;
  const topic = uniqueName('smoke');
  const groupId = uniqueName('smoke-group');

  beforeAll(() => {
    kafka = createKafka({ clientId: 'smoke', brokers: stackEnv().kafkaBrokers });
  });

  it('produces and consumes through a consumer group with manual commits', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await expect(kafkaProbe(admin)()).resolves.toMatchObject({ brokers: 1 });
    expect(await ensureTopics(admin, [{ topic, numPartitions: 3 }])).toEqual([topic]);
    expect(await ensureTopics(admin, [{ topic, numPartitions: 3 }])).toEqual([]);

    const producer = kafka.producer();
    await producer.connect();
    const sent = Array.from({ length: 50 }, (_, i) => ({ key: String(i), value: JSON.stringify({ id: i }) }));
    await producer.send({ topic, messages: sent });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received: number[] = [];
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
        for (const message of batch.messages) {
          received.push(JSON.parse(String(message.value)).id);
          resolveOffset(message.offset);
        }
        await commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }],
            },
          ],
        });
      },
    });
    await eventually(() => received.length >= 50, { what: '50 messages consumed', timeoutMs: 60_000 });
    await consumer.disconnect();
    expect([...received].sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed[0].partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total).toBe(50);
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });
});
