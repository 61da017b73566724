import { readFileSync } from 'node:fs';
import { parseEnvBoolean } from '@keel/service-runtime';
import type { KafkaConfig, SASLOptions } from 'kafkajs';

/**
 * TLS and SASL for the brokers, from the environment every app shares (the local stack sets none):
 * `KAFKA_SSL=true` (with `KAFKA_SSL_CA_FILE` for a private CA), `KAFKA_SASL_MECHANISM=scram-sha-512 |
 * scram-sha-256 | plain` with `KAFKA_SASL_USERNAME` and `KAFKA_SASL_PASSWORD`.
 */
export function kafkaSecurityFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const security: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  const ssl = parseEnvBoolean('KAFKA_SSL', env['KAFKA_SSL'], false);
  if (ssl) {
    const caFile = env['KAFKA_SSL_CA_FILE'];
    security.ssl = caFile
      ? { ca: [readFileSync(caFile, 'utf8')], rejectUnauthorized: true }
      : { rejectUnauthorized: true };
  }
  const mechanism = env['KAFKA_SASL_MECHANISM'];
  if (mechanism) {
    if (!['plain', 'scram-sha-256', 'scram-sha-512'].includes(mechanism)) {
      throw new Error(
        `KAFKA_SASL_MECHANISM: expected plain, scram-sha-256 or scram-sha-512 (got "${mechanism}")`,
      );
    }
    const username = env['KAFKA_SASL_USERNAME'];
    const password = env['KAFKA_SASL_PASSWORD'];
    if (!username || !password)
      throw new Error('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM');
    if (mechanism === 'plain' && !ssl)
      throw new Error('KAFKA_SASL_MECHANISM=plain sends the password in clear: set KAFKA_SSL=true');
    security.sasl = { mechanism, username, password } as SASLOptions;
  }
  return security;
}
