import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `gateway_api_tokens`: who may call the gateway. Only a SHA-256 hash of each secret is kept. */
export class CreateGatewayApiTokens1764200000000 implements MigrationInterface {
  name = 'CreateGatewayApiTokens1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS gateway_api_tokens (
        id           BIGSERIAL PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        token_hash   CHAR(64) NOT NULL UNIQUE,
        created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        last_used_at TIMESTAMPTZ(3),
        revoked_at   TIMESTAMPTZ(3)
      )`);
    // one live token per name, so `token revoke --name` means one thing
    await q.query(
      'CREATE UNIQUE INDEX IF NOT EXISTS gateway_api_tokens_live_name ON gateway_api_tokens (name) WHERE revoked_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gateway_api_tokens');
  }
}

/**
 * Tokens expire (`expires_at`; the ones created before get 90 days from now), and every GraphQL
 * mutation is written to `gateway_audit_log` with its principal and outcome.
 */
export class GatewayTokenExpiryAndAudit1764900000000 implements MigrationInterface {
  name = 'GatewayTokenExpiryAndAudit1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gateway_api_tokens ADD COLUMN IF NOT EXISTS expires_at TIMESTAMPTZ(3)`);
    await q.query(
      `UPDATE gateway_api_tokens SET expires_at = now() + interval '90 days' WHERE expires_at IS NULL`,
    );
    await q.query(`ALTER TABLE gateway_api_tokens ALTER COLUMN expires_at SET NOT NULL`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS gateway_audit_log (
        id             BIGSERIAL PRIMARY KEY,
        at             TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
        principal      TEXT NOT NULL,
        role           TEXT NOT NULL,
        operation      TEXT NOT NULL,
        fields         TEXT[] NOT NULL,
        arguments      JSONB NOT NULL,
        outcome        TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
        error_codes    TEXT[] NOT NULL DEFAULT '{}',
        correlation_id TEXT
      )`);
    await q.query('CREATE INDEX IF NOT EXISTS gateway_audit_log_at ON gateway_audit_log (at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE gateway_audit_log');
    await q.query('ALTER TABLE gateway_api_tokens DROP COLUMN expires_at');
  }
}

export const gatewayMigrations = [
  CreateGatewayApiTokens1764200000000,
  GatewayTokenExpiryAndAudit1764900000000,
];
export const GATEWAY_MIGRATIONS_TABLE = 'gateway_migrations';
