import { z } from 'zod';
import { ConfigError, baseConfigSchema, hostPortList, loadConfig, port, urlWithProtocol } from './config';

const schema = baseConfigSchema.extend({
  PORT: port(3001),
  KAFKA_BROKERS: hostPortList,
  SHOP_DB_URL: urlWithProtocol('mysql', 'postgres'),
});

describe('loadConfig', () => {
  it('applies defaults and parses lists', () => {
    const config = loadConfig('indexer-stream', schema, {
      KAFKA_BROKERS: '127.0.0.1:19092, 10.0.0.2:9092',
      SHOP_DB_URL: 'mysql://root@127.0.0.1:3306/keel_shop',
    });
    expect(config.PORT).toBe(3001);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', '10.0.0.2:9092']);
  });

  it('names every missing or malformed variable with what it got', () => {
    let error: unknown;
    try {
      loadConfig('indexer-stream', schema, { PORT: 'eighty', SHOP_DB_URL: 'redis://x:1/0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('indexer-stream: invalid configuration');
    expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(message).toMatch(/KAFKA_BROKERS: .*\(not set\)/);
    expect(message).toMatch(/SHOP_DB_URL: expected a mysql or postgres URL \(got "redis:\/\/x:1\/0"\)/);
  });

  it('rejects a broker list without ports', () => {
    expect(() =>
      loadConfig('x', z.object({ KAFKA_BROKERS: hostPortList }), { KAFKA_BROKERS: 'kafka' }),
    ).toThrow(/KAFKA_BROKERS: expected host:port/);
  });
});
