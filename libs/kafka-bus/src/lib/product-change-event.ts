import { z } from 'zod';

/** Where a product's change is announced; key = product id, value = `{ "id": <positive int>, "at": "<ISO time>" }`. */
export const productChangedTopic = 'catalog.product-changed';

/** Messages a consumer could not use go to `<topic>.dlq`, unchanged, with headers naming why. */
export const deadLetterTopicOf = (topic: string) => `${topic}.dlq`;

/**
 * The whole event. Consumers trust only `id` (they re-read the row); `at` is when the writer
 * committed, for latency figures.
 */
export const productChangeEventSchema = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  at: z.string().datetime({ offset: true }),
});

export type ProductChangeEvent = z.infer<typeof productChangeEventSchema>;

/** Where a message came from, for error texts and dead letters. */
export interface MessagePosition {
  topic?: string;
  partition: number;
  offset: string;
}

/** A message that is not a product change event; `message` says what was wrong and where. */
export class InvalidChangeEvent extends Error {
  constructor(
    readonly problem: string,
    readonly position: MessagePosition,
  ) {
    super(`${problem} in partition ${position.partition} offset ${position.offset}`);
    this.name = 'InvalidChangeEvent';
  }
}

function problemOf(issue: z.ZodIssue): string {
  const field = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the value';
  if (issue.path[0] === 'id') {
    return issue.code === 'invalid_type' && issue.received === 'undefined'
      ? `"id" is missing`
      : `"id" is not a positive integer`;
  }
  if (issue.path[0] === 'at') {
    return issue.code === 'invalid_type' && issue.received === 'undefined'
      ? `"at" is missing`
      : `"at" is not an ISO date-time`;
  }
  return `${field}: ${issue.message}`;
}

/** Parses a message value into an event, or throws `InvalidChangeEvent` naming the problem and the position. */
export function parseProductChangeEvent(
  value: Buffer | string | null | undefined,
  position: MessagePosition,
): ProductChangeEvent {
  if (value === null || value === undefined || value.length === 0) {
    throw new InvalidChangeEvent('the message has no value', position);
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch {
    throw new InvalidChangeEvent('the value is not JSON', position);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidChangeEvent('the value is not a JSON object', position);
  }
  const parsed = productChangeEventSchema.safeParse(json);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new InvalidChangeEvent(first ? problemOf(first) : 'the value is invalid', position);
  }
  return parsed.data;
}

/** The Kafka message for a change of product `id` committed at `at`. */
export function productChangeMessage(id: number, at: Date = new Date()): { key: string; value: string } {
  const event = productChangeEventSchema.parse({ id, at: at.toISOString() });
  return { key: String(event.id), value: JSON.stringify(event) };
}
