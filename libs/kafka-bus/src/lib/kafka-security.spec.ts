import { kafkaSecurityFromEnv } from './kafka-security';

describe('kafkaSecurityFromEnv', () => {
  it('is off on the local stack', () => {
    expect(kafkaSecurityFromEnv({})).toEqual({});
  });

  it('turns TLS and SCRAM on', () => {
    expect(
      kafkaSecurityFromEnv({
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'keel',
        KAFKA_SASL_PASSWORD: 'pw',
      }),
    ).toEqual({
      ssl: { rejectUnauthorized: true },
      sasl: { mechanism: 'scram-sha-512', username: 'keel', password: 'pw' },
    });
  });

  it('refuses a password in clear and incomplete settings, naming the variable', () => {
    expect(() =>
      kafkaSecurityFromEnv({
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    ).toThrow(/KAFKA_SSL=true/);
    expect(() => kafkaSecurityFromEnv({ KAFKA_SASL_MECHANISM: 'scram-sha-256' })).toThrow(
      /KAFKA_SASL_USERNAME/,
    );
    expect(() => kafkaSecurityFromEnv({ KAFKA_SSL: 'on' })).toThrow(
      /KAFKA_SSL: expected true\/false, 1\/0 or yes\/no/,
    );
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'yes' }).ssl).toEqual({ rejectUnauthorized: true });
    expect(kafkaSecurityFromEnv({ KAFKA_SSL: 'NO' }).ssl).toBeUndefined();
  });
});
