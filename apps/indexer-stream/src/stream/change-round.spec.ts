import type { ConsumedMessage } from '@keel/kafka-bus';
import { deadLetterOf, readChangeRound } from './change-round';

const message = (offset: number, value: string | null, partition = 2): ConsumedMessage => ({
  topic: 'catalog.product-changed',
  partition,
  offset: String(offset),
  key: null,
  value: value === null ? null : Buffer.from(value),
  headers: {},
  timestamp: '0',
});
const event = (id: number) => JSON.stringify({ id, at: '2025-01-01T00:00:00.000Z' });

describe('readChangeRound', () => {
  it('collapses duplicate ids in first-seen order and remembers the last message of each', () => {
    const round = readChangeRound([message(10, event(5)), message(11, event(3)), message(12, event(5))]);
    expect(round.ids).toEqual([5, 3]);
    expect(round.events).toBe(3);
    expect(round.sourceOf.get(5)?.offset).toBe('12');
    expect(round.invalid).toEqual([]);
  });

  it('sets invalid messages apart with their reason and keeps the good ones after them', () => {
    const round = readChangeRound([
      message(1, 'oops'),
      message(2, '{"id":0,"at":"2025-01-01T00:00:00Z"}'),
      message(3, null),
      message(4, event(9)),
    ]);
    expect(round.ids).toEqual([9]);
    expect(round.invalid.map((i) => i.error.message)).toEqual([
      'the value is not JSON in partition 2 offset 1',
      '"id" is not a positive integer in partition 2 offset 2',
      'the message has no value in partition 2 offset 3',
    ]);
  });

  it('handles an empty round', () => {
    expect(readChangeRound([])).toMatchObject({ ids: [], events: 0, invalid: [] });
  });
});

describe('deadLetterOf', () => {
  it('keeps the original value and names the error, the reason and the source position', () => {
    const letter = deadLetterOf(
      message(1042, 'oops', 3),
      'invalid-event',
      'InvalidChangeEvent',
      'the value is not JSON in partition 3 offset 1042',
      new Date('2025-01-01T00:00:00Z'),
    );
    expect(letter.value?.toString()).toBe('oops');
    expect(letter.headers).toEqual({
      'keel-dlq-kind': 'invalid-event',
      'keel-dlq-error': 'InvalidChangeEvent',
      'keel-dlq-reason': 'the value is not JSON in partition 3 offset 1042',
      'keel-source-topic': 'catalog.product-changed',
      'keel-source-partition': '3',
      'keel-source-offset': '1042',
      'keel-failed-at': '2025-01-01T00:00:00.000Z',
    });
  });
});
