import {
  InvalidChangeEvent,
  deadLetterTopicOf,
  parseProductChangeEvent,
  productChangeMessage,
} from './product-change-event';

const at = { partition: 3, offset: '1042' };

const problemOf = (value: Buffer | string | null) => {
  try {
    parseProductChangeEvent(value, at);
  } catch (error) {
    if (error instanceof InvalidChangeEvent) return `${error.name}: ${error.message}`;
    throw error;
  }
  return 'valid';
};

describe('product change events', () => {
  it('parses a valid event and ignores nothing it needs', () => {
    expect(parseProductChangeEvent(Buffer.from('{"id":42,"at":"2025-01-02T03:04:05.678Z"}'), at)).toEqual({
      id: 42,
      at: '2025-01-02T03:04:05.678Z',
    });
  });

  it('round-trips what the publisher writes', () => {
    const message = productChangeMessage(7, new Date('2025-06-01T00:00:00Z'));
    expect(message.key).toBe('7');
    expect(parseProductChangeEvent(message.value, at)).toEqual({ id: 7, at: '2025-06-01T00:00:00.000Z' });
  });

  it.each([
    [
      '{"id":-1,"at":"2025-01-01T00:00:00Z"}',
      'InvalidChangeEvent: "id" is not a positive integer in partition 3 offset 1042',
    ],
    [
      '{"id":1.5,"at":"2025-01-01T00:00:00Z"}',
      'InvalidChangeEvent: "id" is not a positive integer in partition 3 offset 1042',
    ],
    [
      '{"id":"12","at":"2025-01-01T00:00:00Z"}',
      'InvalidChangeEvent: "id" is not a positive integer in partition 3 offset 1042',
    ],
    [
      '{"id":9007199254740993,"at":"2025-01-01T00:00:00Z"}',
      'InvalidChangeEvent: "id" is not a positive integer in partition 3 offset 1042',
    ],
    ['{"at":"2025-01-01T00:00:00Z"}', 'InvalidChangeEvent: "id" is missing in partition 3 offset 1042'],
    ['{"id":5}', 'InvalidChangeEvent: "at" is missing in partition 3 offset 1042'],
    [
      '{"id":5,"at":"yesterday"}',
      'InvalidChangeEvent: "at" is not an ISO date-time in partition 3 offset 1042',
    ],
    ['not json', 'InvalidChangeEvent: the value is not JSON in partition 3 offset 1042'],
    ['[1,2]', 'InvalidChangeEvent: the value is not a JSON object in partition 3 offset 1042'],
    ['', 'InvalidChangeEvent: the message has no value in partition 3 offset 1042'],
    [null, 'InvalidChangeEvent: the message has no value in partition 3 offset 1042'],
  ])('rejects %p with a clear reason', (value, expected) => {
    expect(problemOf(value)).toBe(expected);
  });

  it('names the dead-letter topic after the source topic', () => {
    expect(deadLetterTopicOf('catalog.product-changed')).toBe('catalog.product-changed.dlq');
  });

  it('refuses to publish an invalid id', () => {
    expect(() => productChangeMessage(0)).toThrow();
  });
});
