import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { backoffDelayMs, type BackoffPolicy } from '@keel/service-runtime';
import { commitOffsetFor, partitionLag, roundSizeFor, rounds } from './batch-offsets';

/** One message as a handler sees it (kafkajs types stay inside this lib). */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IHeaders;
  timestamp: string;
}

export interface RoundContext {
  topic: string;
  partition: number;
  /** Keeps the group membership alive during long work. */
  heartbeat(): Promise<void>;
}

/**
 * Handles one round of messages of one partition. Resolving means every message is dealt with
 * (written, or sent to a dead-letter topic): the round's offsets are committed. Throwing means
 * nothing is known to be done: nothing is committed, the partition pauses, backs off and is read
 * again from the round's first offset.
 */
export type RoundHandler = (messages: ConsumedMessage[], context: RoundContext) => Promise<void>;

export interface RoundCommitted {
  topic: string;
  partition: number;
  messages: number;
  /** The committed offset (the next one to read). */
  offset: string;
  /** Messages behind the high watermark after this commit. */
  lag: number;
  /** How long the offset commit took. */
  commitSeconds: number;
}

export interface RoundFailed {
  topic: string;
  partition: number;
  /** The first offset of the round: where reading starts again. */
  offset: string;
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface BatchConsumerOptions {
  groupId: string;
  topic: string;
  /** Where a group without committed offsets starts; true replays the topic (safe: events are ids). */
  fromBeginning?: boolean;
  /** Messages per round while the partition keeps up; each round is handled and committed on its own. */
  roundSize?: number;
  /**
   * Largest round when the partition is behind (`roundSizeFor`): the round then takes what the
   * fetch brought, up to this. Default `roundSize` (rounds not sized by lag).
   */
  maxRoundSize?: number;
  backoff?: BackoffPolicy;
  sessionTimeoutMs?: number;
  /**
   * Partitions handled at once by this member (kafkajs `partitionsConsumedConcurrently`, default 1):
   * rounds of different partitions then run in parallel; each partition still goes round by round.
   */
  partitionsConsumedConcurrently?: number;
  /** Largest fetch per partition (kafkajs default 1 MiB) and per fetch request (default 10 MiB). */
  maxBytesPerPartition?: number;
  maxBytes?: number;
  onRoundCommitted?: (round: RoundCommitted) => void;
  onRoundFailed?: (failure: RoundFailed) => void;
}

const toConsumed = (topic: string, partition: number, m: KafkaMessage): ConsumedMessage => ({
  topic,
  partition,
  offset: m.offset,
  key: m.key ?? null,
  value: m.value ?? null,
  headers: m.headers ?? {},
  timestamp: m.timestamp,
});

/**
 * A consumer group member with manual commits (at-least-once): kafkajs `eachBatch` with
 * `autoCommit: false`; each batch is cut into rounds; a round's offsets are committed only after its
 * handler resolved. When a handler throws, the partition is paused, sought back to the round's first
 * offset (so nothing is skipped) and resumed after an exponential backoff; other partitions go on.
 * Several instances with the same `groupId` share the topic's partitions.
 */
export class BatchConsumerGroup {
  private consumer?: Consumer;
  private readonly attempts = new Map<string, number>();
  private readonly resumeTimers = new Map<string, NodeJS.Timeout>();
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: BatchConsumerOptions,
    private readonly handler: RoundHandler,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      allowAutoTopicCreation: false,
      ...(this.options.maxBytesPerPartition
        ? { maxBytesPerPartition: this.options.maxBytesPerPartition }
        : {}),
      ...(this.options.maxBytes ? { maxBytes: this.options.maxBytes } : {}),
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({
      topic: this.options.topic,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }) => {
        const { topic, partition } = batch;
        const key = `${topic}:${partition}`;
        const base = this.options.roundSize ?? 500;
        const first = batch.messages[0]?.offset;
        const behind = first === undefined ? 0 : partitionLag(batch.highWatermark, first);
        const size = roundSizeFor(behind, base, this.options.maxRoundSize ?? base);
        for (const round of rounds(batch.messages, size)) {
          // stopping: the round in hand is finished and committed; the rest is read again later
          if (!isRunning() || isStale() || this.stopping) return;
          const messages = round.map((m) => toConsumed(topic, partition, m));
          try {
            await this.handler(messages, { topic, partition, heartbeat });
          } catch (error) {
            this.backOff(consumer, key, topic, partition, messages[0]?.offset ?? '0', pause, error);
            return;
          }
          this.attempts.delete(key);
          const offset = commitOffsetFor(messages.map((m) => m.offset));
          if (offset === undefined) continue;
          const commitStarted = performance.now();
          await consumer.commitOffsets([{ topic, partition, offset }]);
          const commitSeconds = (performance.now() - commitStarted) / 1000;
          resolveOffset(messages[messages.length - 1]?.offset ?? offset);
          this.options.onRoundCommitted?.({
            topic,
            partition,
            messages: messages.length,
            offset,
            lag: partitionLag(batch.highWatermark, offset),
            commitSeconds,
          });
          await heartbeat();
        }
      },
    });
  }

  /** Partitions waiting out a backoff. */
  pausedPartitions(): number {
    return this.resumeTimers.size;
  }

  /** Stops fetching, lets the round in hand finish and commit, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.resumeTimers.values()) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private backOff(
    consumer: Consumer,
    key: string,
    topic: string,
    partition: number,
    offset: string,
    pause: () => () => void,
    error: unknown,
  ): void {
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    // half fixed, half random by default, so instances that failed together do not retry together
    const delayMs = backoffDelayMs(attempt, {
      jitter: 0.5,
      ...(this.options.backoff ?? { baseMs: 500, maxMs: 30_000 }),
    });
    const resume = pause();
    // without autoCommit, a seek only moves the fetch position: nothing is committed
    consumer.seek({ topic, partition, offset });
    clearTimeout(this.resumeTimers.get(key));
    this.resumeTimers.set(
      key,
      setTimeout(() => {
        this.resumeTimers.delete(key);
        if (!this.stopping) resume();
      }, delayMs),
    );
    this.options.onRoundFailed?.({ topic, partition, offset, attempt, delayMs, error });
  }
}
