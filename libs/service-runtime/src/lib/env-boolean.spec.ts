import { z } from 'zod';
import { ConfigError, loadConfig } from './config';
import { envBoolean, parseEnvBoolean } from './env-boolean';

describe('env booleans', () => {
  it('reads true/false, 1/0 and yes/no in any case, and takes the default when unset or empty', () => {
    expect(['true', 'TRUE', '1', 'yes', 'Yes', ' true '].map((v) => parseEnvBoolean('X', v, false))).toEqual(
      Array(6).fill(true),
    );
    expect(['false', 'False', '0', 'no', 'NO'].map((v) => parseEnvBoolean('X', v, true))).toEqual(
      Array(5).fill(false),
    );
    expect(parseEnvBoolean('X', undefined, true)).toBe(true);
    expect(parseEnvBoolean('X', '', false)).toBe(false);
    expect(parseEnvBoolean('X', undefined)).toBeUndefined();
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => parseEnvBoolean('KAFKA_SSL', 'on', false)).toThrow(
      'KAFKA_SSL: expected true/false, 1/0 or yes/no (got "on")',
    );
    expect(() => parseEnvBoolean('X', 'y')).toThrow(/^X: /);
  });

  it('is the same rule in a config schema, with loadConfig naming the variable', () => {
    const schema = z.object({ ON: envBoolean(true), OFF: envBoolean(false), UNSET: envBoolean() });
    expect(loadConfig('svc', schema, {})).toEqual({ ON: true, OFF: false, UNSET: undefined });
    expect(loadConfig('svc', schema, { ON: 'no', OFF: 'YES', UNSET: '0' })).toEqual({
      ON: false,
      OFF: true,
      UNSET: false,
    });
    expect(loadConfig('svc', schema, { ON: '' })).toMatchObject({ ON: true });
    expect(() => loadConfig('svc', schema, { OFF: 'maybe' })).toThrow(ConfigError);
    expect(() => loadConfig('svc', schema, { OFF: 'maybe' })).toThrow(
      'OFF: expected true/false, 1/0 or yes/no (got "maybe")',
    );
  });
});
