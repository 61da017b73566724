import type { StreamStatusReply } from '@keel/api-contracts';
import { indexIsolating, type IndexProgress, type IndexSummary } from '@keel/etl-core';
import {
  BatchConsumerGroup,
  DeadLetteringConsumer,
  DeadLetteringService,
  describeRoundFailed,
  type ConsumedMessage,
  type Kafka,
  type RoundCommitted,
  type RoundContext,
  type RoundFailed,
} from '@keel/kafka-bus';
import { Logger, type LoggerService } from '@nestjs/common';
import { deadLetterOf, readChangeRound, type DeadLetter } from './change-round';
import { RoundCoalescer, type CoalescedOutcome } from './round-coalescer';
import {
  backoffs,
  consumerLag,
  deadLetters,
  roundSeconds,
  stageSeconds,
  streamDocuments,
  streamEvents,
} from './stream.metrics';

/** What the stream needs from the ETL core (`ProductIndexer`); tests wrap it to simulate outages. */
export interface ProductIndexing {
  index(ids: readonly number[], progress?: IndexProgress): Promise<IndexSummary>;
}

/**
 * Elasticsearch kept answering 429/5xx for some documents through every attempt of the writer: the
 * round fails as a whole (not committed, partition paused and backed off), nothing is dead-lettered.
 */
export class RetryableIndexFailures extends Error {
  constructor(readonly failed: { id: number; reason: string }[]) {
    super(
      `${failed.length} document(s) refused for now, e.g. product ${failed[0]?.id}: ${failed[0]?.reason}`,
    );
    this.name = 'RetryableIndexFailures';
  }
}

export interface StreamIndexerSettings {
  topic: string;
  deadLetterTopic: string;
  /** Partitions when the topic is created here. */
  partitions: number;
  groupId: string;
  /** Messages per round while a partition keeps up. */
  roundSize: number;
  /** Largest round of a partition that is behind (rounds sized by lag); default `roundSize`. */
  maxRoundSize?: number;
  /** Partitions whose rounds are handled at once (kafkajs `partitionsConsumedConcurrently`); default 1. */
  partitionsConcurrency?: number;
  /**
   * Indexing runs at once (default 2). Rounds of partitions handled at once are joined into one run
   * (`RoundCoalescer`), their ids de-duplicated across them; with two, the next run's loads overlap
   * the previous run's bulk.
   */
  runsInFlight?: number;
  backoff: { baseMs: number; maxMs: number };
  fromBeginning?: boolean;
  /**
   * Kafka session timeout; keep it above the Elasticsearch request timeout (30 s), and the stream
   * heartbeats after each bulk of a round. Default 45 000.
   */
  sessionTimeoutMs?: number;
  /**
   * Answers (resolves) when the shop DB and Elasticsearch are reachable. With it, a round that fails
   * while both are up is split in halves down to the single id that fails, which alone goes to the
   * dead letters (a deterministic error in one row must not stall its partition). Without it, or
   * when it rejects, the round fails as a whole: an outage pauses, never dead-letters.
   */
  dependenciesUp?: () => Promise<void>;
}

/** Running totals of this instance (the metrics say the same per process), as the gateway reads them. */
export type StreamStats = StreamStatusReply['totals'];

/**
 * The stream indexer: consumes product change events in rounds, sends invalid ones to the
 * dead-letter topic, re-reads the distinct ids and bulk-writes them through the ETL core, sends
 * per-document failures to the dead-letter topic, and only then lets the round be committed.
 * A round that fails as a whole (Elasticsearch or the DB unreachable) is not committed: its
 * partition backs off and reads it again, so nothing is skipped.
 */
export class StreamIndexerService extends DeadLetteringService {
  protected readonly consumer: DeadLetteringConsumer;
  private readonly coalescer: RoundCoalescer;
  /** The member's heartbeat (kafkajs heartbeats for the whole member, whichever batch asks). */
  private heartbeat?: () => Promise<void>;
  private readonly totals: StreamStats = {
    rounds: 0,
    committed: 0,
    events: 0,
    invalid: 0,
    ids: 0,
    written: 0,
    deleted: 0,
    stale: 0,
    failed: 0,
    deadLetters: 0,
    backoffs: 0,
  };

  constructor(
    kafka: Kafka,
    private readonly indexer: ProductIndexing,
    private readonly settings: StreamIndexerSettings,
    private readonly logger: LoggerService = new Logger('StreamIndexer'),
  ) {
    super();
    const group = new BatchConsumerGroup(
      kafka,
      {
        groupId: settings.groupId,
        topic: settings.topic,
        fromBeginning: settings.fromBeginning ?? true,
        roundSize: settings.roundSize,
        maxRoundSize: settings.maxRoundSize ?? settings.roundSize,
        partitionsConsumedConcurrently: settings.partitionsConcurrency ?? 1,
        backoff: settings.backoff,
        sessionTimeoutMs: settings.sessionTimeoutMs ?? 45_000,
        onRoundCommitted: (round) => this.committed(round),
        onRoundFailed: (failure) => this.failed(failure),
      },
      (messages, context) => this.handleRound(messages, context),
    );
    this.consumer = new DeadLetteringConsumer(kafka, group, settings, (m) => this.logger.log(m));
    this.coalescer = new RoundCoalescer((ids, waitedS) => this.indexRun(ids, waitedS), {
      runsInFlight: settings.runsInFlight ?? 2,
      maxIdsPerRun: Math.max(settings.roundSize, settings.maxRoundSize ?? settings.roundSize),
    });
  }

  stats(): StreamStats {
    return { ...this.totals };
  }

  private async handleRound(messages: ConsumedMessage[], context?: RoundContext): Promise<void> {
    const round = readChangeRound(messages);
    let outcome: CoalescedOutcome = { failed: [], poisoned: [] };
    if (round.ids.length > 0) {
      if (context) this.heartbeat = () => context.heartbeat();
      const stopTimer = roundSeconds.startTimer();
      // ElasticsearchUnavailable or a DB error propagates: the round is not committed and is read again
      outcome = await this.coalescer.submit(round.ids);
      stopTimer();
      const retryable = outcome.failed.filter((f) => f.retryable);
      // ES busy (429) or failing (5xx) for some documents: pause and back off like an outage
      if (retryable.length > 0) throw new RetryableIndexFailures(retryable);
    }
    const failedAt = new Date();
    const letters: DeadLetter[] = round.invalid.map(({ message, error }) =>
      deadLetterOf(message, 'invalid-event', error.name, error.message, failedAt),
    );
    const fallback = messages[messages.length - 1];
    const failures = [
      ...outcome.failed.map((f) => ({ id: f.id, error: 'IndexFailed', reason: f.reason })),
      ...outcome.poisoned.map((p) => ({ id: p.id, error: p.error.name, reason: p.error.message })),
    ];
    for (const failure of failures) {
      const source = round.sourceOf.get(failure.id) ?? fallback;
      if (source) {
        letters.push(
          deadLetterOf(
            source,
            'index-failed',
            failure.error,
            `product ${failure.id}: ${failure.reason}`,
            failedAt,
          ),
        );
      }
    }
    if (letters.length > 0) {
      const started = performance.now();
      // a failed send throws: the round is read again (its writes are idempotent by version)
      await this.consumer.sendDeadLetters(letters);
      stageSeconds.inc({ stage: 'dead-letter' }, (performance.now() - started) / 1000);
      this.logger.warn(
        `${letters.length} message(s) sent to ${this.settings.deadLetterTopic}; first: ${letters[0]?.headers['keel-dlq-reason']}`,
      );
    }
    this.countRound(round.events, round.invalid.length, letters);
  }

  /** One indexing run over the ids of the rounds the coalescer joined. */
  private async indexRun(ids: number[], waitedS: number): Promise<CoalescedOutcome> {
    stageSeconds.inc({ stage: 'wait' }, waitedS);
    const progress: IndexProgress = {
      onBatch: () => this.heartbeat?.(),
      onStage: (stage, seconds) => stageSeconds.inc({ stage }, seconds),
    };
    const { summary, poisoned } = await this.indexIsolating(ids, progress);
    this.countDocuments(summary);
    return { failed: summary.failed, poisoned };
  }

  /**
   * Indexes the ids; when that throws while the DB and Elasticsearch answer, the error is about the
   * data: split in halves and index each, down to the single ids that still throw (returned, for
   * the dead letters). An outage (`ElasticsearchUnavailable`, or the probe failing) rethrows.
   */
  private async indexIsolating(
    ids: number[],
    progress: IndexProgress,
  ): Promise<{ summary: IndexSummary; poisoned: { id: number; error: Error }[] }> {
    const dependenciesUp = this.settings.dependenciesUp;
    if (!dependenciesUp) return { summary: await this.indexer.index(ids, progress), poisoned: [] };
    const result = await indexIsolating((batch) => this.indexer.index(batch, progress), ids, {
      dependenciesUp,
    });
    for (const { id, error } of result.poisoned)
      this.logger.warn(
        `product ${id} fails on its own while the DB and Elasticsearch answer: ${error.message}`,
      );
    return result;
  }

  private countRound(events: number, invalid: number, letters: DeadLetter[]) {
    const t = this.totals;
    t.rounds++;
    t.events += events;
    t.invalid += invalid;
    t.deadLetters += letters.length;
    streamEvents.inc({ outcome: 'valid' }, events);
    streamEvents.inc({ outcome: 'invalid' }, invalid);
    deadLetters.inc({ kind: 'invalid-event' }, invalid);
    deadLetters.inc({ kind: 'index-failed' }, letters.length - invalid);
  }

  /** Once per run: ids joined from several rounds are counted once. */
  private countDocuments(summary: IndexSummary) {
    const t = this.totals;
    t.ids += summary.ids;
    t.written += summary.written;
    t.deleted += summary.deleted;
    t.stale += summary.stale;
    t.failed += summary.failed.length;
    streamDocuments.inc({ outcome: 'indexed' }, summary.written);
    streamDocuments.inc({ outcome: 'deleted' }, summary.deleted);
    streamDocuments.inc({ outcome: 'stale' }, summary.stale);
    streamDocuments.inc({ outcome: 'failed' }, summary.failed.length);
  }

  private committed(round: RoundCommitted): void {
    this.totals.committed += round.messages;
    stageSeconds.inc({ stage: 'commit' }, round.commitSeconds);
    consumerLag.set({ topic: round.topic, partition: String(round.partition) }, round.lag);
  }

  private failed(failure: RoundFailed): void {
    this.totals.backoffs++;
    backoffs.inc();
    this.logger.warn(describeRoundFailed(failure));
  }
}
