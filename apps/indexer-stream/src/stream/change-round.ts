import { InvalidChangeEvent, parseProductChangeEvent, type ConsumedMessage } from '@keel/kafka-bus';

export interface ChangeRound {
  /** Distinct product ids, in first-seen order. */
  ids: number[];
  /** For each id, the last message that named it (dead letters point at it). */
  sourceOf: Map<number, ConsumedMessage>;
  invalid: { message: ConsumedMessage; error: InvalidChangeEvent }[];
  /** Valid events, duplicates included. */
  events: number;
}

/**
 * Sorts a round's messages into distinct product ids and invalid messages. Duplicates collapse:
 * the indexer re-reads the row, so one read serves every event of the same id.
 */
export function readChangeRound(messages: readonly ConsumedMessage[]): ChangeRound {
  const sourceOf = new Map<number, ConsumedMessage>();
  const ids: number[] = [];
  const invalid: ChangeRound['invalid'] = [];
  let events = 0;
  for (const message of messages) {
    try {
      const event = parseProductChangeEvent(message.value, message);
      events++;
      if (!sourceOf.has(event.id)) ids.push(event.id);
      sourceOf.set(event.id, message);
    } catch (error) {
      if (!(error instanceof InvalidChangeEvent)) throw error;
      invalid.push({ message, error });
    }
  }
  return { ids, sourceOf, invalid, events };
}

export type DeadLetterKind = 'invalid-event' | 'index-failed';

export interface DeadLetter {
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * A dead letter: the original key and value, unchanged, with headers saying why and where from,
 * so an operator can fix the producer or replay it.
 */
export function deadLetterOf(
  message: ConsumedMessage,
  kind: DeadLetterKind,
  error: string,
  reason: string,
  failedAt: Date,
): DeadLetter {
  return {
    key: message.key,
    value: message.value,
    headers: {
      'keel-dlq-kind': kind,
      'keel-dlq-error': error,
      'keel-dlq-reason': reason,
      'keel-source-topic': message.topic,
      'keel-source-partition': String(message.partition),
      'keel-source-offset': message.offset,
      'keel-failed-at': failedAt.toISOString(),
    },
  };
}
