import type { Kafka } from 'kafkajs';
import type { BatchConsumerGroup } from './batch-consumer';
import { DeadLetteringConsumer, DeadLetteringService, describeRoundFailed } from './dead-letter-consumer';

function fakes() {
  const calls: string[] = [];
  const producer = {
    connect: async () => void calls.push('producer.connect'),
    disconnect: async () => void calls.push('producer.disconnect'),
    send: async ({ topic }: { topic: string }) => void calls.push(`send ${topic}`),
  };
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['t', 't.dlq'],
    createTopics: async () => true,
  };
  const kafka = { admin: () => admin, producer: () => producer } as unknown as Kafka;
  const group = {
    start: async () => void calls.push('group.start'),
    stop: async () => void calls.push('group.stop'),
  } as unknown as BatchConsumerGroup;
  const settings = { topic: 't', partitions: 1, deadLetterTopic: 't.dlq', groupId: 'g' };
  return { calls, consumer: new DeadLetteringConsumer(kafka, group, settings, () => undefined) };
}

describe('DeadLetteringConsumer', () => {
  it('connects the dead-letter producer before the group starts and disconnects it after the group stopped', async () => {
    const { calls, consumer } = fakes();
    await consumer.start();
    await consumer.sendDeadLetters([{ value: 'x' }]);
    await consumer.stop();
    expect(calls).toEqual([
      'producer.connect',
      'group.start',
      'send t.dlq',
      'group.stop',
      'producer.disconnect',
    ]);
  });

  it('refuses to send dead letters when not started (the round is then read again)', async () => {
    const { consumer } = fakes();
    await expect(consumer.sendDeadLetters([{ value: 'x' }])).rejects.toThrow('not connected');
  });
});

describe('DeadLetteringService', () => {
  it('starts its consumer at bootstrap and stops it at shutdown', async () => {
    const { calls, consumer } = fakes();
    class Service extends DeadLetteringService {
      protected readonly consumer = consumer;
    }
    const service = new Service();
    await service.onApplicationBootstrap();
    await service.beforeApplicationShutdown();
    expect(calls).toEqual(['producer.connect', 'group.start', 'group.stop', 'producer.disconnect']);
  });
});

describe('describeRoundFailed', () => {
  it('names the partition, the pause, the attempt, the offset read again and the cause', () => {
    const failure = {
      topic: 't',
      partition: 2,
      offset: '41',
      attempt: 3,
      delayMs: 800,
      error: new TypeError('boom'),
    };
    expect(describeRoundFailed(failure)).toBe(
      'partition 2 paused for 800 ms (attempt 3), will read again from offset 41: TypeError: boom',
    );
    expect(describeRoundFailed({ ...failure, error: 'down' })).toMatch(/: down$/);
  });
});
