import {
  BatchConsumerGroup,
  DeadLetteringConsumer,
  DeadLetteringService,
  describeRoundFailed,
  type ConsumedMessage,
  type Kafka,
} from '@keel/kafka-bus';
import { Logger, type LoggerService } from '@nestjs/common';
import { refusedReports } from './ingest.metrics';
import type { IngestItem, ReportIngestService } from './report-ingest.service';
import { InvalidReport, parseReportMessage } from './report-validation';
import { AgentKeyRefused, ReportRefused, type IngestBoundary } from './ingest-boundary';

export interface ReportConsumerSettings {
  topic: string;
  deadLetterTopic: string;
  partitions: number;
  groupId: string;
  roundSize: number;
  /** Partitions handled at once (each round its own transaction). */
  concurrency?: number;
  fetch?: { partitionBytes: number; maxBytes: number };
  backoff: { baseMs: number; maxMs: number };
  fromBeginning?: boolean;
  /** Agent keys and the scannedAt clamp: the same boundary as POST /reports. */
  boundary: IngestBoundary;
}

export interface ReportConsumerStats {
  rounds: number;
  stored: number;
  duplicates: number;
  deadLetters: number;
  backoffs: number;
}

/**
 * A dead letter: the original key and value, unchanged, with headers saying why and from where (the
 * agent key header is not copied: dead letters are read by people).
 */
export function reportDeadLetter(
  message: ConsumedMessage,
  error: InvalidReport | AgentKeyRefused | ReportRefused,
  failedAt: Date,
) {
  const kind = error instanceof InvalidReport ? 'invalid-report' : 'unauthenticated-report';
  const field =
    error instanceof InvalidReport
      ? (error.issues[0]?.field ?? '')
      : error instanceof ReportRefused
        ? (error.field ?? '')
        : '';
  return {
    key: message.key,
    value: message.value,
    headers: {
      'keel-dlq-kind': kind,
      'keel-dlq-error': error.name,
      'keel-dlq-reason': error.message,
      'keel-dlq-field': field,
      'keel-source-topic': message.topic,
      'keel-source-partition': String(message.partition),
      'keel-source-offset': message.offset,
      'keel-failed-at': failedAt.toISOString(),
    },
  };
}

/**
 * Consumes `jdk.reports` in rounds: invalid messages go to the DLQ with the reason (and the field), the
 * valid ones are written in one bulk transaction, and only then is the round committed. A round that
 * fails as a whole (DB down) is not committed: its partition backs off and reads it again. Re-reading is
 * harmless: reports are keyed by reportId.
 */
export class ReportConsumerService extends DeadLetteringService {
  protected readonly consumer: DeadLetteringConsumer;
  private readonly totals: ReportConsumerStats = {
    rounds: 0,
    stored: 0,
    duplicates: 0,
    deadLetters: 0,
    backoffs: 0,
  };

  constructor(
    kafka: Kafka,
    private readonly ingest: ReportIngestService,
    private readonly settings: ReportConsumerSettings,
    private readonly logger: LoggerService = new Logger('ReportConsumer'),
  ) {
    super();
    const group = new BatchConsumerGroup(
      kafka,
      {
        groupId: settings.groupId,
        topic: settings.topic,
        fromBeginning: settings.fromBeginning ?? true,
        roundSize: settings.roundSize,
        backoff: settings.backoff,
        partitionsConsumedConcurrently: settings.concurrency ?? 1,
        maxBytesPerPartition: settings.fetch?.partitionBytes,
        maxBytes: settings.fetch?.maxBytes,
        onRoundFailed: (f) => {
          this.totals.backoffs++;
          this.logger.warn(describeRoundFailed(f));
        },
      },
      (messages) => this.handleRound(messages),
    );
    this.consumer = new DeadLetteringConsumer(kafka, group, settings, (m) => this.logger.log(m));
  }

  stats(): ReportConsumerStats {
    return { ...this.totals };
  }

  private async handleRound(messages: ConsumedMessage[]): Promise<void> {
    const items: IngestItem[] = [];
    const letters: ReturnType<typeof reportDeadLetter>[] = [];
    const failedAt = new Date();
    const { boundary } = this.settings;
    for (const message of messages) {
      try {
        const keyHost = boundary.hostOf(boundary.keyOfKafka(message.headers));
        // received when Kafka appended it: a round read again later clamps to the same instant
        const receivedAt = new Date(Number(message.timestamp) || failedAt.getTime());
        const { report } = boundary.admit(parseReportMessage(message.value), keyHost, receivedAt);
        items.push({ report, source: 'kafka' });
      } catch (error) {
        if (!(
          error instanceof InvalidReport ||
          error instanceof AgentKeyRefused ||
          error instanceof ReportRefused
        ))
          throw error;
        letters.push(reportDeadLetter(message, error, failedAt));
      }
    }
    // a DB error propagates: nothing is committed and the round is read again
    const outcomes = await this.ingest.ingest(items);
    if (letters.length > 0) {
      await this.consumer.sendDeadLetters(letters);
      refusedReports.inc({ source: 'kafka' }, letters.length);
      this.logger.warn(
        `${letters.length} report(s) sent to ${this.settings.deadLetterTopic}; first: ${letters[0]?.headers['keel-dlq-reason']}`,
      );
    }
    this.totals.rounds++;
    this.totals.deadLetters += letters.length;
    for (const o of outcomes) {
      if (o.status === 'stored') this.totals.stored++;
      else this.totals.duplicates++;
    }
  }
}
