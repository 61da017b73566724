import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type ITopicConfig,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { kafkaSecurityFromEnv } from './kafka-security';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  /** Receives kafkajs log lines; by default they are dropped below WARN. */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    // TLS / SASL when the environment asks for them (KAFKA_SSL, KAFKA_SASL_*), for every app alike
    ...kafkaSecurityFromEnv(),
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 300 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        options.log?.(LEVELS[level] ?? 'info', message, extra);
      },
  });
}

/** Creates the topics that are missing; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, topics: ITopicConfig[]): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.topic));
  if (missing.length > 0) {
    await admin.createTopics({ topics: missing, waitForLeaders: true });
  }
  return missing.map((t) => t.topic);
}

/** Readiness probe: the cluster answers a metadata request. */
export function kafkaProbe(admin: Admin) {
  return async () => {
    const cluster = await admin.describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  };
}

/** A producer with the murmur2 partitioner (the Java client's), which also silences kafkajs' v2 warning. */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
